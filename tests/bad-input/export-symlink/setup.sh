echo outside >target.txt
ln -s target.txt link.yaml
