# 100 MB: a sheet, then comment lines
cp "$ROOT/share/samples/jingdezhen-2023-external.yaml" big.yaml
yes '# padding line padding line padding line padding line padding line padding line' | head -c 100000000 >>big.yaml
