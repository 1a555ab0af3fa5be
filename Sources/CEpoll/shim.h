#ifndef SURVEY_CEPOLL_SHIM_H
#define SURVEY_CEPOLL_SHIM_H

/* epoll for the bench load generator: Swift's Glibc module does not include it. */
#include <sys/epoll.h>

#endif
