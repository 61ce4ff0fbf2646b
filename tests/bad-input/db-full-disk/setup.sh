# a tmpfs with 32 KiB free beside the database; the file to import is
# three sheets of 60,000 bytes of text each
size=$(( ($(stat -c %s "$BASE") / 4096 + 8) * 4096 ))
mkdir mnt && mount -t tmpfs -o size=$size tmpfs mnt && cp "$BASE" mnt/jx.db
i=1
{
	echo 'jixiao: 1'
	echo 'sheets:'
	while [ $i -le 3 ]; do
		echo "  - uid: full-disk-$i"
		echo '    template: external-result'
		echo '    year: 2023'
		echo '    info:'
		printf '      background: '
		head -c 60000 /dev/zero | tr '\0' 'x'
		echo
		i=$((i + 1))
	done
} >big.yaml
