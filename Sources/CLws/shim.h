#ifndef SURVEY_CLWS_SHIM_H
#define SURVEY_CLWS_SHIM_H
#include <libwebsockets.h>
#endif
