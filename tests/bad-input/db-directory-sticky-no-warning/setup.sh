mkdir d && cp "$BASE" d/jx.db && chmod 1777 d
