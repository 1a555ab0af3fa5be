import Glibc

/// One raw WebSocket client connection of the load generator: handshake, optional hello, then counting.
final class LoadConnection {
    enum Phase { case connecting, handshaking, open, failed }

    let descriptor: Int32
    /// The order it was opened in, which picks its token.
    let index: Int
    var phase = Phase.connecting
    var response: [UInt8] = []
    var counter = FrameCounter()
    /// Payload bytes counted before the measurement began (the welcome, for our server).
    var baseline = 0
    var baselineFrames = 0
    var ready = false
    var arrivedAt: Double?

    init(descriptor: Int32, index: Int) {
        self.descriptor = descriptor
        self.index = index
    }

    /// Bytes received since the measurement began.
    var measuredBytes: Int { counter.payloadBytes - baseline }
    /// Data frames completed since the measurement began.
    var measuredFrames: Int { counter.frames - baselineFrames }

    /// The HTTP upgrade request.
    static func upgradeRequest(path: String, port: Int, subprotocol: String?) -> [UInt8] {
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        if let subprotocol { request += "Sec-WebSocket-Protocol: \(subprotocol)\r\n" }
        return Array((request + "\r\n").utf8)
    }

    /// A masked client text frame.
    static func textFrame(_ text: String) -> [UInt8] {
        let payload = Array(text.utf8)
        var frame: [UInt8] = [0x81]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        }
        let mask: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]
        frame += mask
        for (index, byte) in payload.enumerated() { frame.append(byte ^ mask[index % 4]) }
        return frame
    }

    /// Sends all of `bytes` (small frames on a fresh socket: the kernel takes them at once).
    func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }
}
