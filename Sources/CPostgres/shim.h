#ifndef SURVEY_CPOSTGRES_SHIM_H
#define SURVEY_CPOSTGRES_SHIM_H
#include <libpq-fe.h>
#endif
