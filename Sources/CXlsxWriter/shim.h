#ifndef SURVEY_CXLSXWRITER_SHIM_H
#define SURVEY_CXLSXWRITER_SHIM_H
#include <xlsxwriter.h>
#endif
