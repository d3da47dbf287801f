/* Status codes, error records and the FILE sink. */
#include "chronicle.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

chr_status chr_fail(chr_error *err, chr_status status, const char *file,
                    const char *fmt, ...)
{
	if (err) {
		va_list ap;
		memset(err, 0, sizeof *err);
		err->status = status;
		if (file)
			snprintf(err->file, sizeof err->file, "%s", file);
		va_start(ap, fmt);
		vsnprintf(err->problem, sizeof err->problem, fmt, ap);
		va_end(ap);
	}
	return status;
}

const char *chr_status_str(chr_status status)
{
	switch (status) {
	case CHR_OK: return "ok";
	case CHR_EIO: return "input/output error";
	case CHR_ENOMEM: return "out of memory";
	case CHR_EINPUT: return "unusable input";
	case CHR_ELIMIT: return "limit reached";
	case CHR_EUSAGE: return "bad usage";
	}
	return "unknown error";
}

static chr_status file_write(void *userdata, const void *data, size_t len)
{
	FILE *f = userdata;
	if (len && fwrite(data, 1, len, f) != len)
		return CHR_EIO;
	return CHR_OK;
}

chr_sink chr_sink_file(void *file)
{
	chr_sink s = { file_write, file };
	return s;
}
