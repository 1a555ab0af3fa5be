import CLws
import Foundation

/// The WebSocket opening handshake, checked before lws acts on it, so that every refusal is an HTTP
/// status (RFC 6455 §4.2.1) rather than a dropped connection.
extension Server {
    /// Runs on `LWS_CALLBACK_HTTP_CONFIRM_UPGRADE`. Returns 0 to let the upgrade go on, 1 once a
    /// refusal is written, -1 to hang up.
    ///
    /// lws 4.1.6 also calls this after answering an unknown upgrade with 403 and freeing the request
    /// headers, and reads the freed upgrade name if the callback says 0 (CVE-2025-11677). With no
    /// headers left to read, the answer is to hang up; `in` is never touched.
    func confirmUpgrade(_ wsi: OpaquePointer) -> Int32 {
        guard let upgrade = header(wsi, WSI_TOKEN_UPGRADE) else { return -1 }
        guard upgrade.lowercased() == "websocket" else {
            // Chiefly h2c: only HTTP/1.1 is served.
            return refuseUpgrade(wsi, status: 400, "本服务器只提供 HTTP/1.1 和 WebSocket，不支持升级到其他协议")
        }
        guard header(wsi, WSI_TOKEN_GET_URI) == "/ws" else {
            return refuseUpgrade(wsi, status: 404, "WebSocket 只在 /ws 上提供")
        }
        guard header(wsi, WSI_TOKEN_CONNECTION)?.lowercased().contains("upgrade") == true else {
            return refuseUpgrade(wsi, status: 400, "握手缺少 Connection: Upgrade")
        }
        guard originAllowed(wsi) else {
            return refuseUpgrade(wsi, status: 403, "不允许从此来源（Origin）建立 WebSocket 连接")
        }
        guard header(wsi, WSI_TOKEN_VERSION) == "13" else {
            return refuseUpgrade(wsi, status: 426, "只支持 WebSocket 版本 13", extraHeader: ("sec-websocket-version:", "13"))
        }
        guard let key = header(wsi, WSI_TOKEN_KEY), Data(base64Encoded: key)?.count == 16 else {
            return refuseUpgrade(wsi, status: 400, "缺少或无效的 Sec-WebSocket-Key")
        }
        if let offered = header(wsi, WSI_TOKEN_PROTOCOL) {
            let names = offered.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard names.contains("survey") else {
                return refuseUpgrade(wsi, status: 400, "不支持所请求的子协议；本服务器不需要子协议（或使用 survey）")
            }
        }
        return 0
    }

    /// Writes a plain-text refusal and returns 1, which tells lws the response is sent.
    private func refuseUpgrade(
        _ wsi: OpaquePointer, status: UInt32, _ message: String, extraHeader: (name: String, value: String)? = nil
    ) -> Int32 {
        let body = Array((message + "\n").utf8)
        let pre = survey_lws_pre()
        var buffer = [UInt8](repeating: 0, count: pre + 1024 + body.count)
        let written = buffer.withUnsafeMutableBufferPointer { buffer -> Bool in
            let start = buffer.baseAddress! + pre
            let end = start + 1023
            var cursor: UnsafeMutablePointer<UInt8>? = start
            let type = "text/plain; charset=utf-8"
            guard lws_add_http_header_status(wsi, status, &cursor, end) == 0,
                  lws_add_http_header_by_name(wsi, "content-type:", type, Int32(type.utf8.count), &cursor, end) == 0,
                  lws_add_http_header_content_length(wsi, lws_filepos_t(body.count), &cursor, end) == 0
            else { return false }
            if let (name, value) = extraHeader,
               lws_add_http_header_by_name(wsi, name, value, Int32(value.utf8.count), &cursor, end) != 0 {
                return false
            }
            guard lws_finalize_http_header(wsi, &cursor, end) == 0, let headerEnd = cursor else { return false }
            body.withUnsafeBufferPointer { headerEnd.update(from: $0.baseAddress!, count: body.count) }
            let length = headerEnd - start + body.count
            return lws_write(wsi, start, length, LWS_WRITE_HTTP_FINAL) == Int32(length)
        }
        return written ? 1 : -1
    }
}
