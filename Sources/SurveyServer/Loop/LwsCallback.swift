import CLws

/// The one C callback lws calls, for every connection and event. A free function in a library
/// target, so it carries no actor isolation; it runs on the lws service thread only.
func surveyLwsCallback(
    _ wsi: OpaquePointer?, _ reason: lws_callback_reasons, _ user: UnsafeMutableRawPointer?,
    _ input: UnsafeMutableRawPointer?, _ length: Int
) -> Int32 {
    guard let wsi, let context = lws_get_context(wsi), let server = lws_context_user(context) else {
        return lws_callback_http_dummy(wsi, reason, user, input, length)
    }
    return Unmanaged<ServerLoop>.fromOpaque(server).takeUnretainedValue()
        .handle(wsi, reason: reason, session: user, input: input, length: length)
}
