import CLws
import Foundation

/// The WebSocket opening handshake, checked before lws acts on it, so that every refusal is an HTTP
/// status (RFC 6455 §4.2.1) rather than a dropped connection.
extension ServerLoop {
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
        let written = writeResponse(
            wsi, status: status, contentType: "text/plain; charset=utf-8", body: Array((message + "\n").utf8),
            headers: extraHeader.map { [$0] } ?? [])
        return written ? 1 : -1
    }
}
