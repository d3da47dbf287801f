/*
 * The libraries only some runs need, opened when a run first calls them:
 * libical (the calendar), libxml2 (HTML pages, feeds, Atom and RSS),
 * sqlite3 (the store of `build` and `serve`), inih (feed files) and zlib
 * (the server's gzip). chronicle itself links only libc, libm and
 * jansson.
 *
 * Linked in the ordinary way, libical and libxml2 bring ICU (three
 * libraries, one of them 30 MB of data) and the C++ runtime into every
 * run, and the dynamic loader maps and relocates all of them before main:
 * an empty `extract` took 6.64 ms so on the bench machine, and takes 1.19
 * ms without them (a program that does nothing, 0.78 ms). Plain text
 * read into JSON lines needs none of them.
 *
 * This file defines every function of theirs that chronicle calls, under
 * its own name, so the headers hold each definition to the library's
 * prototype; each opens the library when it is not yet open and calls the
 * library's function through the address looked up. A new call to one of
 * them fails to link until it is listed here. A program that also links
 * a library (the tests call libical to parse what the writer wrote) gets
 * the same copy from dlopen, so the two agree; the library's own calls to
 * a listed function may then come through here too, to the same code.
 *
 * Each list has one line a function: F(library, return type, name,
 * parameters, arguments, the value it returns when the library is
 * missing), or V(library, name, parameters, arguments) for one that
 * returns nothing.
 */
#include "util/util.h"

#include <libical/ical.h>
#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <ini.h>
#include <sqlite3.h>
#include <zlib.h>

/* The sonames the build found (Makefile), else Debian 12's. */
#ifndef CHR_ICAL_SONAME
#define CHR_ICAL_SONAME "libical.so.3"
#endif
#ifndef CHR_XML_SONAME
#define CHR_XML_SONAME "libxml2.so.2"
#endif
#ifndef CHR_SQLITE_SONAME
#define CHR_SQLITE_SONAME "libsqlite3.so.0"
#endif
#ifndef CHR_INIH_SONAME
#define CHR_INIH_SONAME "libinih.so.1"
#endif
#ifndef CHR_ZLIB_SONAME
#define CHR_ZLIB_SONAME "libz.so.1"
#endif

#define ICAL_FUNCTIONS(F, V) \
	F(ical, icalcomponent *, icalcomponent_new_vcalendar, (void), (), NULL) \
	F(ical, icalcomponent *, icalcomponent_new_vevent, (void), (), NULL) \
	V(ical, icalcomponent_add_property, (icalcomponent * c, icalproperty * p), (c, p)) \
	F(ical, char *, icalcomponent_as_ical_string_r, (icalcomponent * c), (c), NULL) \
	V(ical, icalcomponent_free, (icalcomponent * c), (c)) \
	F(ical, char *, icaldurationtype_as_ical_string_r, (struct icaldurationtype d), (d), NULL) \
	F(ical, struct icaldurationtype, icaldurationtype_from_int, (int t), (t), \
	  (struct icaldurationtype){ 0 }) \
	F(ical, icalproperty *, icalproperty_new_calscale, (const char *v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_categories, (const char *v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_created, (struct icaltimetype v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_description, (const char *v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_dtend, (struct icaltimetype v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_dtstamp, (struct icaltimetype v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_dtstart, (struct icaltimetype v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_lastmodified, (struct icaltimetype v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_location, (const char *v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_name, (const char *v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_prodid, (const char *v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_refreshinterval, (struct icaldurationtype v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_sequence, (int v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_source, (const char *v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_status, (enum icalproperty_status v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_summary, (const char *v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_uid, (const char *v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_url, (const char *v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_version, (const char *v), (v), NULL) \
	F(ical, icalproperty *, icalproperty_new_x, (const char *v), (v), NULL) \
	V(ical, icalproperty_set_x_name, (icalproperty * p, const char *name), (p, name)) \
	F(ical, int, icaltime_compare, (const struct icaltimetype a, const struct icaltimetype b), \
	  (a, b), 0) \
	F(ical, struct icaltimetype, icaltime_from_timet_with_zone, \
	  (const time_t tm, const int is_date, const icaltimezone *zone), (tm, is_date, zone), \
	  (struct icaltimetype){ 0 }) \
	F(ical, struct icaltimetype, icaltime_null_date, (void), (), (struct icaltimetype){ 0 }) \
	F(ical, struct icaltimetype, icaltime_null_time, (void), (), (struct icaltimetype){ 0 }) \
	V(ical, icaltimezone_convert_time, \
	  (struct icaltimetype * tt, icaltimezone * from, icaltimezone * to), (tt, from, to)) \
	F(ical, icaltimezone *, icaltimezone_get_builtin_timezone, (const char *location), \
	  (location), NULL) \
	F(ical, icaltimezone *, icaltimezone_get_utc_timezone, (void), (), NULL)

#define XML_FUNCTIONS(F, V) \
	F(xml, xmlGenericErrorFunc *, __xmlGenericError, (void), (), NULL) \
	F(xml, void **, __xmlGenericErrorContext, (void), (), NULL) \
	V(xml, xmlSetGenericErrorFunc, (void *ctx, xmlGenericErrorFunc handler), (ctx, handler)) \
	F(xml, htmlParserCtxtPtr, htmlNewParserCtxt, (void), (), NULL) \
	F(xml, htmlDocPtr, htmlCtxtReadMemory, \
	  (xmlParserCtxtPtr c, const char *buffer, int size, const char *url, \
	   const char *encoding, int options), \
	  (c, buffer, size, url, encoding, options), NULL) \
	F(xml, const htmlEntityDesc *, htmlEntityLookup, (const xmlChar *name), (name), NULL) \
	V(xml, htmlFreeParserCtxt, (htmlParserCtxtPtr c), (c)) \
	F(xml, xmlParserCtxtPtr, xmlCreatePushParserCtxt, \
	  (xmlSAXHandlerPtr sax, void *user, const char *chunk, int size, const char *name), \
	  (sax, user, chunk, size, name), NULL) \
	F(xml, int, xmlCtxtUseOptions, (xmlParserCtxtPtr c, int options), (c, options), -1) \
	F(xml, int, xmlParseChunk, (xmlParserCtxtPtr c, const char *chunk, int size, int end), \
	  (c, chunk, size, end), -1) \
	V(xml, xmlStopParser, (xmlParserCtxtPtr c), (c)) \
	V(xml, xmlFreeParserCtxt, (xmlParserCtxtPtr c), (c)) \
	F(xml, xmlNodePtr, xmlDocGetRootElement, (const xmlDoc *doc), (doc), NULL) \
	V(xml, xmlUnlinkNode, (xmlNodePtr node), (node)) \
	V(xml, xmlFreeNode, (xmlNodePtr node), (node)) \
	V(xml, xmlFreeDoc, (xmlDocPtr doc), (doc)) \
	F(xml, xmlOutputBufferPtr, xmlOutputBufferCreateIO, \
	  (xmlOutputWriteCallback w, xmlOutputCloseCallback c, void *ctx, \
	   xmlCharEncodingHandlerPtr encoder), \
	  (w, c, ctx, encoder), NULL) \
	F(xml, int, xmlOutputBufferClose, (xmlOutputBufferPtr out), (out), -1) \
	F(xml, xmlTextWriterPtr, xmlNewTextWriter, (xmlOutputBufferPtr out), (out), NULL) \
	V(xml, xmlFreeTextWriter, (xmlTextWriterPtr w), (w)) \
	F(xml, int, xmlTextWriterSetIndent, (xmlTextWriterPtr w, int indent), (w, indent), -1) \
	F(xml, int, xmlTextWriterSetIndentString, (xmlTextWriterPtr w, const xmlChar *s), (w, s), \
	  -1) \
	F(xml, int, xmlTextWriterStartDocument, \
	  (xmlTextWriterPtr w, const char *version, const char *encoding, const char *standalone), \
	  (w, version, encoding, standalone), -1) \
	F(xml, int, xmlTextWriterStartElement, (xmlTextWriterPtr w, const xmlChar *name), \
	  (w, name), -1) \
	F(xml, int, xmlTextWriterWriteAttribute, \
	  (xmlTextWriterPtr w, const xmlChar *name, const xmlChar *content), (w, name, content), -1) \
	F(xml, int, xmlTextWriterWriteString, (xmlTextWriterPtr w, const xmlChar *content), \
	  (w, content), -1) \
	F(xml, int, xmlTextWriterEndElement, (xmlTextWriterPtr w), (w), -1) \
	F(xml, int, xmlTextWriterEndDocument, (xmlTextWriterPtr w), (w), -1) \
	F(xml, int, xmlTextWriterFlush, (xmlTextWriterPtr w), (w), -1)

/* sqlite3 stands in "library routine called out of sequence" for a
 * status, and says so for a message. */
#define SQLITE_FUNCTIONS(F, V) \
	F(sqlite, int, sqlite3_open_v2, \
	  (const char *name, sqlite3 **db, int flags, const char *vfs), (name, db, flags, vfs), \
	  SQLITE_MISUSE) \
	F(sqlite, int, sqlite3_close, (sqlite3 * db), (db), SQLITE_MISUSE) \
	F(sqlite, int, sqlite3_busy_timeout, (sqlite3 * db, int ms), (db, ms), SQLITE_MISUSE) \
	F(sqlite, int, sqlite3_extended_result_codes, (sqlite3 * db, int on), (db, on), \
	  SQLITE_MISUSE) \
	F(sqlite, int, sqlite3_exec, \
	  (sqlite3 * db, const char *sql, int (*cb)(void *, int, char **, char **), void *arg, \
	   char **errmsg), \
	  (db, sql, cb, arg, errmsg), SQLITE_MISUSE) \
	F(sqlite, int, sqlite3_prepare_v3, \
	  (sqlite3 * db, const char *sql, int n, unsigned int flags, sqlite3_stmt **stmt, \
	   const char **tail), \
	  (db, sql, n, flags, stmt, tail), SQLITE_MISUSE) \
	F(sqlite, int, sqlite3_bind_int, (sqlite3_stmt * st, int i, int v), (st, i, v), \
	  SQLITE_MISUSE) \
	F(sqlite, int, sqlite3_bind_int64, (sqlite3_stmt * st, int i, sqlite3_int64 v), (st, i, v), \
	  SQLITE_MISUSE) \
	F(sqlite, int, sqlite3_bind_null, (sqlite3_stmt * st, int i), (st, i), SQLITE_MISUSE) \
	F(sqlite, int, sqlite3_bind_text, \
	  (sqlite3_stmt * st, int i, const char *v, int n, void (*free_v)(void *)), \
	  (st, i, v, n, free_v), SQLITE_MISUSE) \
	F(sqlite, int, sqlite3_clear_bindings, (sqlite3_stmt * st), (st), SQLITE_MISUSE) \
	F(sqlite, int, sqlite3_step, (sqlite3_stmt * st), (st), SQLITE_MISUSE) \
	F(sqlite, int, sqlite3_reset, (sqlite3_stmt * st), (st), SQLITE_MISUSE) \
	F(sqlite, int, sqlite3_finalize, (sqlite3_stmt * st), (st), SQLITE_MISUSE) \
	F(sqlite, int, sqlite3_column_type, (sqlite3_stmt * st, int col), (st, col), SQLITE_NULL) \
	F(sqlite, int, sqlite3_column_int, (sqlite3_stmt * st, int col), (st, col), 0) \
	F(sqlite, sqlite3_int64, sqlite3_column_int64, (sqlite3_stmt * st, int col), (st, col), 0) \
	F(sqlite, const unsigned char *, sqlite3_column_text, (sqlite3_stmt * st, int col), \
	  (st, col), NULL) \
	F(sqlite, int, sqlite3_column_bytes, (sqlite3_stmt * st, int col), (st, col), 0) \
	F(sqlite, int, sqlite3_changes, (sqlite3 * db), (db), 0) \
	F(sqlite, int, sqlite3_get_autocommit, (sqlite3 * db), (db), 1) \
	F(sqlite, int, sqlite3_errcode, (sqlite3 * db), (db), SQLITE_MISUSE) \
	F(sqlite, const char *, sqlite3_errmsg, (sqlite3 * db), (db), "libsqlite3 is not loaded") \
	F(sqlite, int, sqlite3_system_errno, (sqlite3 * db), (db), 0) \
	F(sqlite, const char *, sqlite3_sql, (sqlite3_stmt * st), (st), NULL)

/* inih: -1, the file could not be read. */
#define INIH_FUNCTIONS(F, V) \
	F(inih, int, ini_parse_stream, \
	  (ini_reader reader, void *stream, ini_handler handler, void *user), \
	  (reader, stream, handler, user), -1)

#define ZLIB_FUNCTIONS(F, V) \
	F(zlib, int, deflateInit2_, \
	  (z_streamp z, int level, int method, int bits, int mem, int strategy, \
	   const char *version, int size), \
	  (z, level, method, bits, mem, strategy, version, size), Z_VERSION_ERROR) \
	F(zlib, int, deflate, (z_streamp z, int flush), (z, flush), Z_STREAM_ERROR) \
	F(zlib, uLong, deflateBound, (z_streamp z, uLong n), (z, n), 0) \
	F(zlib, int, deflateEnd, (z_streamp z), (z), Z_STREAM_ERROR)

/* For each library: an index per function, their names, their addresses,
 * and the library. */
#define INDEX(lib, ret, name, params, args, fail) lib##_##name,
#define INDEX_V(lib, name, params, args) lib##_##name,
#define NAME(lib, ret, name, params, args, fail) #name,
#define NAME_V(lib, name, params, args) #name,
#define LIBRARY(lib, LIST, file) \
	enum { LIST(INDEX, INDEX_V) lib##_count }; \
	static const char *const lib##_names[] = { LIST(NAME, NAME_V) }; \
	static chr_lib_fn lib##_fns[lib##_count]; \
	static chr_lib lib = { .soname = file, .names = lib##_names, .fns = lib##_fns, \
		               .n = lib##_count };

LIBRARY(ical, ICAL_FUNCTIONS, CHR_ICAL_SONAME)
LIBRARY(xml, XML_FUNCTIONS, CHR_XML_SONAME)
LIBRARY(sqlite, SQLITE_FUNCTIONS, CHR_SQLITE_SONAME)
LIBRARY(inih, INIH_FUNCTIONS, CHR_INIH_SONAME)
LIBRARY(zlib, ZLIB_FUNCTIONS, CHR_ZLIB_SONAME)

/*
 * The definitions. The address is converted back to the function's own
 * type before the call, as ISO C allows for function pointers.
 *
 * The code that uses a library opens it before its first call (the
 * chr_lib*_open functions below) and reports why it is missing, so no call
 * is made without it. Should one be, it does nothing and returns its
 * list's fail value, a failure the caller already handles (NULL, -1, an
 * error status), as the library code never exits.
 */
#define DEFINE(lib, ret, name, params, args, fail) \
	ret name params \
	{ \
		if (!chr_lib_ready(&lib)) \
			return fail; \
		return ((ret(*) params)lib##_fns[lib##_##name]) args; \
	}
#define DEFINE_V(lib, name, params, args) \
	void name params \
	{ \
		if (chr_lib_ready(&lib)) \
			((void(*) params)lib##_fns[lib##_##name]) args; \
	}

ICAL_FUNCTIONS(DEFINE, DEFINE_V)
XML_FUNCTIONS(DEFINE, DEFINE_V)
SQLITE_FUNCTIONS(DEFINE, DEFINE_V)
INIH_FUNCTIONS(DEFINE, DEFINE_V)
ZLIB_FUNCTIONS(DEFINE, DEFINE_V)

const char *chr_libical_open(void)
{
	return chr_lib_open(&ical);
}

const char *chr_libxml2_open(void)
{
	return chr_lib_open(&xml);
}

const char *chr_libsqlite3_open(void)
{
	return chr_lib_open(&sqlite);
}

const char *chr_libinih_open(void)
{
	return chr_lib_open(&inih);
}

const char *chr_libz_open(void)
{
	return chr_lib_open(&zlib);
}
