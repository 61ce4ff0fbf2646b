/* The compression level of the xlsx files jixiao writes: zlib level 1
 * (Z_BEST_SPEED) instead of libxlsxwriter's fixed level 6.
 *
 * Why it exists: libxlsxwriter packs a workbook's XML parts into the zip
 * container through minizip's zipOpenNewFileInZip4_64 at zlib's default
 * level (6), and offers no option to choose another.  For a workbook of
 * 1,000 sheets of 300 indicators that compression is more than a third of
 * the export's time; at level 1 the export takes about two thirds of the
 * time.
 *
 * What it costs: the file is about a third larger — about 16 instead of
 * 12 MiB for those 1,000 × 300 — which is the better trade for a file that
 * is written once, attached and opened.
 *
 * How: this program defines zipOpenNewFileInZip4_64 itself.  The dynamic
 * linker binds libxlsxwriter's call to the definition in the executable,
 * which passes every argument through to minizip's own function (found with
 * dlsym(RTLD_NEXT)) unchanged except the level.  The file stays a standard
 * deflate zip.  Nothing else in the program writes with minizip (xlsx_read.c
 * reads with its unz* functions).  The xlsx writer calls
 * jx_xlsx_zip_level_linked() so that this file's object is taken from
 * the static library into every program that writes xlsx.
 *
 * Which test proves it still applies: tests/export.sh, "<sample>: xlsx parts
 * deflated at the fastest level" (each sample through the test's driver)
 * and "jixiao export: xlsx parts deflated at the fastest level" (the program
 * itself), checks that every part of an exported workbook is listed by
 * `unzip -v` as "Defl:S" (deflated, "fastest" in its flags); a libxlsxwriter
 * that stopped calling this function, or a link that left it out, makes
 * those tests fail.
 */
#include "export_ops.h"

#include <dlfcn.h>

void jx_xlsx_zip_level_linked(void)
{
}

/* minizip's types, as its zip.h declares them (its header is not needed
 * otherwise): zipFile is an opaque pointer, zip_fileinfo a struct passed by
 * pointer, uInt and uLong zlib's unsigned int and unsigned long. */
typedef void *jx_zipfile;
struct jx_zip_fileinfo;

#define JX_Z_DEFLATED 8
#define JX_Z_BEST_SPEED 1
#define JX_ZIP_INTERNALERROR (-104)

typedef int (*open4_fn)(jx_zipfile, const char *, const struct jx_zip_fileinfo *, const void *, unsigned int,
			const void *, unsigned int, const char *, int, int, int, int, int, int, const char *,
			unsigned long, unsigned long, unsigned long, int);

int zipOpenNewFileInZip4_64(jx_zipfile file, const char *filename, const struct jx_zip_fileinfo *zipfi,
			    const void *extrafield_local, unsigned int size_extrafield_local,
			    const void *extrafield_global, unsigned int size_extrafield_global, const char *comment,
			    int method, int level, int raw, int windowBits, int memLevel, int strategy,
			    const char *password, unsigned long crcForCrypting, unsigned long versionMadeBy,
			    unsigned long flagBase, int zip64);

int zipOpenNewFileInZip4_64(jx_zipfile file, const char *filename, const struct jx_zip_fileinfo *zipfi,
			    const void *extrafield_local, unsigned int size_extrafield_local,
			    const void *extrafield_global, unsigned int size_extrafield_global, const char *comment,
			    int method, int level, int raw, int windowBits, int memLevel, int strategy,
			    const char *password, unsigned long crcForCrypting, unsigned long versionMadeBy,
			    unsigned long flagBase, int zip64)
{
	static open4_fn real;
	if (!real) {
		/* POSIX leaves converting a data pointer to a function pointer to
		 * the platform; on every platform with dlsym it is the same bits */
		void *sym = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
		if (!sym)
			return JX_ZIP_INTERNALERROR; /* libxlsxwriter reports the failure */
		*(void **)&real = sym;
	}
	if (method == JX_Z_DEFLATED && !raw)
		level = JX_Z_BEST_SPEED;
	return real(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
		    size_extrafield_global, comment, method, level, raw, windowBits, memLevel, strategy, password,
		    crcForCrypting, versionMadeBy, flagBase, zip64);
}
