"$J" --db 'file:x.db?mode=memory' import "$ROOT/share/samples/jiangmen-2022-project-self.yaml"
