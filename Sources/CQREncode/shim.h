#ifndef SURVEY_CQRENCODE_SHIM_H
#define SURVEY_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
