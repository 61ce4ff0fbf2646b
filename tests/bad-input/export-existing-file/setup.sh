echo keep >out.yaml
