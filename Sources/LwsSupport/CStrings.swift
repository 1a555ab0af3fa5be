import CLws
import Foundation

/// C strings that must outlive the lws context (protocol names, mount paths). Freed on deinit.
public final class CStrings {
    public init() {}

    private var pointers: [UnsafeMutablePointer<CChar>] = []

    /// A C copy of `string`, alive as long as this object.
    public func keep(_ string: String) -> UnsafePointer<CChar> {
        let pointer = strdup(string)!
        pointers.append(pointer)
        return UnsafePointer(pointer)
    }

    deinit { pointers.forEach { free($0) } }
}

/// Writes one WebSocket text frame through lws, with the `LWS_PRE` headroom it needs, using a
/// reusable scratch buffer. Returns false when lws took less than the whole frame.
public func writeTextFrame(_ frame: [UInt8], to wsi: OpaquePointer, scratch: inout [UInt8]) -> Bool {
    let pre = survey_lws_pre()
    if scratch.count < pre + frame.count { scratch = [UInt8](repeating: 0, count: pre + frame.count) }
    let written = scratch.withUnsafeMutableBufferPointer { buffer -> Int32 in
        let start = buffer.baseAddress! + pre
        frame.withUnsafeBufferPointer { start.update(from: $0.baseAddress!, count: frame.count) }
        return lws_write(wsi, start, frame.count, LWS_WRITE_TEXT)
    }
    return written >= Int32(frame.count)
}

/// Writes an empty WebSocket ping. Returns false when lws could not write it.
public func writePing(to wsi: OpaquePointer, scratch: inout [UInt8]) -> Bool {
    let pre = survey_lws_pre()
    if scratch.count < pre { scratch = [UInt8](repeating: 0, count: pre) }
    return scratch.withUnsafeMutableBufferPointer { buffer in
        lws_write(wsi, buffer.baseAddress! + pre, 0, LWS_WRITE_PING) >= 0
    }
}

/// Writes a WebSocket close frame with a status code and a short reason (at most 123 bytes).
public func writeCloseFrame(code: UInt16, reason: String, to wsi: OpaquePointer, scratch: inout [UInt8]) -> Bool {
    let payload = [UInt8(code >> 8), UInt8(code & 0xFF)] + Array(reason.utf8.prefix(123))
    let pre = survey_lws_pre()
    if scratch.count < pre + payload.count { scratch = [UInt8](repeating: 0, count: pre + payload.count) }
    return scratch.withUnsafeMutableBufferPointer { buffer in
        let start = buffer.baseAddress! + pre
        payload.withUnsafeBufferPointer { start.update(from: $0.baseAddress!, count: payload.count) }
        // 4 is lws's internal LWS_WRITE_CLOSE, which its header leaves out of the enum.
        return lws_write(wsi, start, payload.count, lws_write_protocol(rawValue: 4)) >= 0
    }
}
