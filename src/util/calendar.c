/*
 * Proleptic Gregorian day arithmetic. Days are counted from 1970-01-01
 * with Howard Hinnant's days_from_civil algorithm: exact for every year
 * an article can name, with no tables and no time zones.
 */
#include "chronicle.h"

#include <stdio.h>

static int days_in_month(int y, int m)
{
	static const unsigned char dim[12] = { 31, 28, 31, 30, 31, 30,
	                                       31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

bool chr_date_valid(chr_date d)
{
	return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 &&
	       d.day >= 1 && d.day <= days_in_month(d.year, d.month);
}

long chr_date_to_days(chr_date d)
{
	long y = d.year - (d.month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

chr_date chr_date_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	chr_date d;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2));
	return d;
}

int chr_date_cmp(chr_date a, chr_date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

void chr_date_format(chr_date d, char out[11])
{
	unsigned y = (unsigned)d.year % 10000, m = (unsigned)d.month % 100,
	         dd = (unsigned)d.day % 100;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + dd / 10);
	out[9] = (char)('0' + dd % 10);
	out[10] = '\0';
}

bool chr_date_parse(const char *s, chr_date *out)
{
	int v[3] = { 0, 0, 0 };
	static const int width[3] = { 4, 2, 2 };
	for (int part = 0; part < 3; part++) {
		for (int i = 0; i < width[part]; i++, s++) {
			if (*s < '0' || *s > '9')
				return false;
			v[part] = v[part] * 10 + (*s - '0');
		}
		if (*s != (part < 2 ? '-' : '\0'))
			return false;
		s++;
	}
	chr_date d = { v[0], v[1], v[2] };
	if (!chr_date_valid(d))
		return false;
	*out = d;
	return true;
}

int chr_days_in_month(int year, int month)
{
	return days_in_month(year, month);
}
