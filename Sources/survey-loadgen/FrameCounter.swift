/// Counts the payload bytes of WebSocket frames from a server (unmasked) without keeping them,
/// so that a single load-generator core can take in far more than the server sends.
struct FrameCounter {
    /// Data frames completed so far, and data payload bytes seen so far.
    private(set) var frames = 0
    private(set) var payloadBytes = 0
    /// True once a close frame has started.
    private(set) var closed = false

    private var header: [UInt8] = []
    private var remaining = 0
    private var opcode: UInt8 = 0
    private var inPayload = false

    /// Feeds bytes read from the socket.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        var index = 0
        while index < bytes.count {
            if inPayload {
                let take = min(remaining, bytes.count - index)
                if opcode <= 2 { payloadBytes += take }
                remaining -= take
                index += take
                if remaining == 0 { finishFrame() }
                continue
            }
            header.append(bytes[index])
            index += 1
            guard let length = headerLength() else { continue }
            if header.count == length.headerBytes {
                opcode = header[0] & 0x0F
                remaining = length.payload
                header.removeAll(keepingCapacity: true)
                if opcode == 8 { closed = true }
                inPayload = true
                if remaining == 0 { finishFrame() }
            }
        }
    }

    private mutating func finishFrame() {
        inPayload = false
        if opcode <= 2 { frames += 1 }
    }

    /// The header's full length and the payload length, once enough of the header is known.
    private func headerLength() -> (headerBytes: Int, payload: Int)? {
        guard header.count >= 2 else { return nil }
        let short = Int(header[1] & 0x7F)
        switch short {
        case 126:
            guard header.count >= 4 else { return nil }
            return (4, Int(header[2]) << 8 | Int(header[3]))
        case 127:
            guard header.count >= 10 else { return nil }
            return (10, header[2..<10].reduce(0) { $0 << 8 | Int($1) })
        default:
            return (2, short)
        }
    }
}
