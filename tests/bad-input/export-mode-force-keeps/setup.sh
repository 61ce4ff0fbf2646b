echo old >out.yaml && chmod 640 out.yaml
