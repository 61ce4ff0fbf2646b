# the work directory is nobody's; the sheet file is root's and unreadable
cp "$ROOT/share/samples/jingdezhen-2023-external.yaml" secret.yaml && chmod 0600 secret.yaml && chown -R 65534:65534 . && chown 0:0 secret.yaml
