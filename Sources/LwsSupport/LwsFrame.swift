import CLws

/// WebSocket frames written through lws, each with the `LWS_PRE` headroom lws needs in front of
/// the payload, copied into a reusable scratch buffer.
public enum LwsFrame {
    /// lws's internal `LWS_WRITE_CLOSE` (4), which its header leaves out of the enum.
    public static let close = lws_write_protocol(rawValue: 4)

    /// Writes `payload` as one frame of `kind` (`LWS_WRITE_TEXT`, `LWS_WRITE_PING`, `close`).
    /// Returns false when lws took less than all of it.
    public static func write(_ payload: [UInt8], as kind: lws_write_protocol, to wsi: OpaquePointer, scratch: inout [UInt8]) -> Bool {
        let pre = survey_lws_pre()
        if scratch.count < pre + payload.count { scratch = [UInt8](repeating: 0, count: pre + payload.count) }
        let written = scratch.withUnsafeMutableBufferPointer { buffer -> Int32 in
            let start = buffer.baseAddress! + pre
            payload.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { start.update(from: base, count: payload.count) }
            }
            return lws_write(wsi, start, payload.count, kind)
        }
        return written >= Int32(payload.count)
    }

    /// A close frame's payload: the status code, then the reason cut to fit (123 bytes at most).
    public static func closePayload(code: UInt16, reason: String) -> [UInt8] {
        [UInt8(code >> 8), UInt8(code & 0xFF)] + Array(reason.utf8.prefix(123))
    }
}
