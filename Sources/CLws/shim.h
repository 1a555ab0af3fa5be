#ifndef SURVEY_CLWS_SHIM_H
#define SURVEY_CLWS_SHIM_H

#include <libwebsockets.h>
#include <uv.h>

/* Macros that do not import into Swift, wrapped as functions. */

/** Bytes of headroom lws_write needs before the payload. */
static inline size_t survey_lws_pre(void) { return LWS_PRE; }

/** Context options this server sets. */
static inline uint64_t survey_lws_server_options(void) {
    return LWS_SERVER_OPTION_DISABLE_IPV6 | LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND;
}

/** The option that makes lws run on a libuv loop (epoll) that we own, instead of poll(). */
static inline uint64_t survey_lws_libuv_option(void) {
    return LWS_SERVER_OPTION_LIBUV;
}

/** The option that makes lws initialise OpenSSL, for https and wss. */
static inline uint64_t survey_lws_tls_option(void) {
    return LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
}

/** Log only errors and warnings, to stderr; lws never sees a token, so it cannot log one. */
static inline void survey_lws_quiet_logs(void) { lws_set_log_level(LLL_ERR | LLL_WARN, NULL); }

#endif
