/*
 * libical and libxml2, opened when a run first calls them.
 *
 * Linked in the ordinary way, the two bring ICU (three libraries, one of
 * them 30 MB of data) and the C++ runtime into every run, and the dynamic
 * loader spent 4.3 ms mapping and relocating them before main on the
 * bench machine: more than the rest of an `extract` of a short article.
 * Plain text read into JSON needs neither; HTML and feeds need libxml2,
 * the calendar libical, and each is opened at its first call.
 *
 * This file defines every function of theirs that chronicle calls, under
 * its own name, so the headers hold each definition to the library's
 * prototype; each opens the library when it is not yet open and calls
 * the library's function through the address looked up. A program that
 * also links a library (the tests call libical to parse what the writer
 * wrote) gets the same copy from dlopen, so the two agree.
 *
 * Each list has one line a function: F(library, return type, name,
 * parameters, arguments), or V(library, name, parameters, arguments) for
 * one that returns nothing.
 */
#include "util/util.h"

#include <libical/ical.h>
#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <string.h>

/* The sonames the build found (Makefile), else Debian 12's. */
#ifndef CHR_ICAL_SONAME
#define CHR_ICAL_SONAME "libical.so.3"
#endif
#ifndef CHR_XML_SONAME
#define CHR_XML_SONAME "libxml2.so.2"
#endif

#define ICAL_FUNCTIONS(F, V) \
	F(ical, icalcomponent *, icalcomponent_new_vcalendar, (void), ()) \
	F(ical, icalcomponent *, icalcomponent_new_vevent, (void), ()) \
	V(ical, icalcomponent_add_property, (icalcomponent * c, icalproperty * p), (c, p)) \
	F(ical, char *, icalcomponent_as_ical_string_r, (icalcomponent * c), (c)) \
	V(ical, icalcomponent_free, (icalcomponent * c), (c)) \
	F(ical, char *, icaldurationtype_as_ical_string_r, (struct icaldurationtype d), (d)) \
	F(ical, struct icaldurationtype, icaldurationtype_from_int, (int t), (t)) \
	F(ical, icalproperty *, icalproperty_new_calscale, (const char *v), (v)) \
	F(ical, icalproperty *, icalproperty_new_categories, (const char *v), (v)) \
	F(ical, icalproperty *, icalproperty_new_created, (struct icaltimetype v), (v)) \
	F(ical, icalproperty *, icalproperty_new_description, (const char *v), (v)) \
	F(ical, icalproperty *, icalproperty_new_dtend, (struct icaltimetype v), (v)) \
	F(ical, icalproperty *, icalproperty_new_dtstamp, (struct icaltimetype v), (v)) \
	F(ical, icalproperty *, icalproperty_new_dtstart, (struct icaltimetype v), (v)) \
	F(ical, icalproperty *, icalproperty_new_lastmodified, (struct icaltimetype v), (v)) \
	F(ical, icalproperty *, icalproperty_new_location, (const char *v), (v)) \
	F(ical, icalproperty *, icalproperty_new_name, (const char *v), (v)) \
	F(ical, icalproperty *, icalproperty_new_prodid, (const char *v), (v)) \
	F(ical, icalproperty *, icalproperty_new_refreshinterval, (struct icaldurationtype v), (v)) \
	F(ical, icalproperty *, icalproperty_new_sequence, (int v), (v)) \
	F(ical, icalproperty *, icalproperty_new_source, (const char *v), (v)) \
	F(ical, icalproperty *, icalproperty_new_status, (enum icalproperty_status v), (v)) \
	F(ical, icalproperty *, icalproperty_new_summary, (const char *v), (v)) \
	F(ical, icalproperty *, icalproperty_new_uid, (const char *v), (v)) \
	F(ical, icalproperty *, icalproperty_new_url, (const char *v), (v)) \
	F(ical, icalproperty *, icalproperty_new_version, (const char *v), (v)) \
	F(ical, icalproperty *, icalproperty_new_x, (const char *v), (v)) \
	V(ical, icalproperty_set_x_name, (icalproperty * p, const char *name), (p, name)) \
	F(ical, int, icaltime_compare, (const struct icaltimetype a, const struct icaltimetype b), \
	  (a, b)) \
	F(ical, struct icaltimetype, icaltime_from_timet_with_zone, \
	  (const time_t tm, const int is_date, const icaltimezone *zone), (tm, is_date, zone)) \
	F(ical, struct icaltimetype, icaltime_null_date, (void), ()) \
	F(ical, struct icaltimetype, icaltime_null_time, (void), ()) \
	V(ical, icaltimezone_convert_time, \
	  (struct icaltimetype * tt, icaltimezone * from, icaltimezone * to), (tt, from, to)) \
	F(ical, icaltimezone *, icaltimezone_get_builtin_timezone, (const char *location), \
	  (location)) \
	F(ical, icaltimezone *, icaltimezone_get_utc_timezone, (void), ())

#define XML_FUNCTIONS(F, V) \
	F(xml, xmlGenericErrorFunc *, __xmlGenericError, (void), ()) \
	F(xml, void **, __xmlGenericErrorContext, (void), ()) \
	V(xml, xmlSetGenericErrorFunc, (void *ctx, xmlGenericErrorFunc handler), (ctx, handler)) \
	F(xml, htmlParserCtxtPtr, htmlNewParserCtxt, (void), ()) \
	F(xml, htmlDocPtr, htmlCtxtReadMemory, \
	  (xmlParserCtxtPtr c, const char *buffer, int size, const char *url, \
	   const char *encoding, int options), \
	  (c, buffer, size, url, encoding, options)) \
	F(xml, const htmlEntityDesc *, htmlEntityLookup, (const xmlChar *name), (name)) \
	V(xml, htmlFreeParserCtxt, (htmlParserCtxtPtr c), (c)) \
	F(xml, xmlParserCtxtPtr, xmlCreatePushParserCtxt, \
	  (xmlSAXHandlerPtr sax, void *user, const char *chunk, int size, const char *name), \
	  (sax, user, chunk, size, name)) \
	F(xml, int, xmlCtxtUseOptions, (xmlParserCtxtPtr c, int options), (c, options)) \
	F(xml, int, xmlParseChunk, (xmlParserCtxtPtr c, const char *chunk, int size, int end), \
	  (c, chunk, size, end)) \
	V(xml, xmlStopParser, (xmlParserCtxtPtr c), (c)) \
	V(xml, xmlFreeParserCtxt, (xmlParserCtxtPtr c), (c)) \
	F(xml, xmlNodePtr, xmlDocGetRootElement, (const xmlDoc *doc), (doc)) \
	V(xml, xmlUnlinkNode, (xmlNodePtr node), (node)) \
	V(xml, xmlFreeNode, (xmlNodePtr node), (node)) \
	V(xml, xmlFreeDoc, (xmlDocPtr doc), (doc)) \
	F(xml, xmlOutputBufferPtr, xmlOutputBufferCreateIO, \
	  (xmlOutputWriteCallback w, xmlOutputCloseCallback c, void *ctx, \
	   xmlCharEncodingHandlerPtr encoder), \
	  (w, c, ctx, encoder)) \
	F(xml, int, xmlOutputBufferClose, (xmlOutputBufferPtr out), (out)) \
	F(xml, xmlTextWriterPtr, xmlNewTextWriter, (xmlOutputBufferPtr out), (out)) \
	V(xml, xmlFreeTextWriter, (xmlTextWriterPtr w), (w)) \
	F(xml, int, xmlTextWriterSetIndent, (xmlTextWriterPtr w, int indent), (w, indent)) \
	F(xml, int, xmlTextWriterSetIndentString, (xmlTextWriterPtr w, const xmlChar *s), (w, s)) \
	F(xml, int, xmlTextWriterStartDocument, \
	  (xmlTextWriterPtr w, const char *version, const char *encoding, const char *standalone), \
	  (w, version, encoding, standalone)) \
	F(xml, int, xmlTextWriterStartElement, (xmlTextWriterPtr w, const xmlChar *name), \
	  (w, name)) \
	F(xml, int, xmlTextWriterWriteAttribute, \
	  (xmlTextWriterPtr w, const xmlChar *name, const xmlChar *content), (w, name, content)) \
	F(xml, int, xmlTextWriterWriteString, (xmlTextWriterPtr w, const xmlChar *content), \
	  (w, content)) \
	F(xml, int, xmlTextWriterEndElement, (xmlTextWriterPtr w), (w)) \
	F(xml, int, xmlTextWriterEndDocument, (xmlTextWriterPtr w), (w)) \
	F(xml, int, xmlTextWriterFlush, (xmlTextWriterPtr w), (w))

/* For each library: an index per function, their names, their addresses. */
#define INDEX(lib, ret, name, params, args) lib##_##name,
#define INDEX_V(lib, name, params, args) lib##_##name,
#define NAME(lib, ret, name, params, args) #name,
#define NAME_V(lib, name, params, args) #name,

enum { ICAL_FUNCTIONS(INDEX, INDEX_V) ical_count };
enum { XML_FUNCTIONS(INDEX, INDEX_V) xml_count };

static const char *const ical_names[] = { ICAL_FUNCTIONS(NAME, NAME_V) };
static const char *const xml_names[] = { XML_FUNCTIONS(NAME, NAME_V) };
static chr_lib_fn ical_fns[ical_count], xml_fns[xml_count];

static chr_lib ical = { .soname = CHR_ICAL_SONAME, .names = ical_names, .fns = ical_fns,
	                .n = ical_count };
static chr_lib xml = { .soname = CHR_XML_SONAME, .names = xml_names, .fns = xml_fns,
	               .n = xml_count };

/*
 * The definitions. The address is converted back to the function's own
 * type before the call, as ISO C allows for function pointers.
 *
 * The readers and writers open their library before their first call
 * (chr_libxml2_open, chr_libical_open) and report why it is missing, so
 * no call is made without it. Should one be, it does nothing and returns
 * zeros, as the library never exits: every run of calls begins with one
 * that returns a pointer (a parser, a writer, a component), which the
 * caller takes for out of memory when it is NULL.
 */
#define DEFINE(lib, ret, name, params, args) \
	ret name params \
	{ \
		if (!chr_lib_ready(&lib)) { \
			ret none; \
			memset(&none, 0, sizeof none); \
			return none; \
		} \
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

const char *chr_libxml2_open(void)
{
	return chr_lib_open(&xml);
}

const char *chr_libical_open(void)
{
	return chr_lib_open(&ical);
}
