mkdir d && cp "$BASE" d/jx.db && chmod 777 d
