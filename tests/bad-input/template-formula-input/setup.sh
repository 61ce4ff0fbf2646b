mkdir tpl
mv template.yaml tpl/
