import Foundation

/// A small blocking WebSocket client over POSIX sockets, written from RFC 6455 and docs/PROTOCOL.md
/// alone, to show a client needs nothing from our code. Talks to 127.0.0.1 only.
final class WebSocketTestClient {
    enum Frame: Equatable {
        case text(String)
        case close(code: Int)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let socket: Int32
    private var buffer: [UInt8] = []

    /// Connects and completes the opening handshake.
    init(port: Int, path: String = "/ws", timeout: TimeInterval = 10, origin: String? = nil) throws {
        socket = try Self.loopbackSocket(port: port, timeout: timeout)
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let request =
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\nOrigin: \(origin ?? "http://127.0.0.1:\(port)")\r\n\r\n"
        try writeAll(Array(request.utf8))
        let head = try readUntilBlankLine()
        guard head.hasPrefix("HTTP/1.1 101") else {
            _ = Glibc.close(socket)
            throw Failure(description: "handshake refused: \(head.prefix(80))")
        }
    }

    deinit { _ = Glibc.close(socket) }

    // MARK: Sending

    /// Sends one text message in a single frame.
    func send(_ text: String) throws {
        try sendFrame(opcode: 0x1, payload: Array(text.utf8), fin: true)
    }

    /// Sends a JSON object as one text message.
    func send(json: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: json)
        try sendFrame(opcode: 0x1, payload: Array(data), fin: true)
    }

    /// Sends raw bytes as a text message split into `parts` fragments.
    func sendFragmented(_ payload: [UInt8], parts: Int) throws {
        let size = max(1, (payload.count + parts - 1) / parts)
        var offset = 0
        var first = true
        repeat {
            let end = min(payload.count, offset + size)
            try sendFrame(opcode: first ? 0x1 : 0x0, payload: Array(payload[offset..<end]), fin: end == payload.count)
            first = false
            offset = end
        } while offset < payload.count
    }

    /// Sends a binary frame.
    func sendBinary(_ payload: [UInt8]) throws {
        try sendFrame(opcode: 0x2, payload: payload, fin: true)
    }

    func sendFrame(opcode: UInt8, payload: [UInt8], fin: Bool) throws {
        var frame: [UInt8] = [(fin ? 0x80 : 0) | opcode]
        switch payload.count {
        case 0..<126: frame.append(0x80 | UInt8(payload.count))
        case 126..<65536: frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xff)]
        default:
            frame.append(0x80 | 127)
            frame += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xff) }
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        try writeAll(frame)
    }

    // MARK: Receiving

    /// The next data message or close frame. Pings are answered; times out with an error.
    func receive() throws -> Frame {
        var message: [UInt8] = []
        while true {
            let header = try read(2)
            let opcode = header[0] & 0x0f
            let fin = header[0] & 0x80 != 0
            var length = Int(header[1] & 0x7f)
            if length == 126 {
                length = try read(2).reduce(0) { $0 << 8 | Int($1) }
            } else if length == 127 {
                length = try read(8).reduce(0) { $0 << 8 | Int($1) }
            }
            let payload = try read(length)
            switch opcode {
            case 0x8:
                let code = payload.count >= 2 ? Int(payload[0]) << 8 | Int(payload[1]) : 1005
                return .close(code: code)
            case 0x9:
                try sendFrame(opcode: 0xA, payload: payload, fin: true)
            case 0xA:
                continue
            default:
                message += payload
                if fin { return .text(String(decoding: message, as: UTF8.self)) }
            }
        }
    }

    /// The next message as a JSON object.
    func receiveJSON() throws -> [String: Any] {
        let frame = try receive()
        guard case .text(let text) = frame else { throw Failure(description: "expected a message, got \(frame)") }
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw Failure(description: "not a JSON object: \(text)")
        }
        return object
    }

    /// Skips messages until one of `type` arrives.
    func receive(type: String) throws -> [String: Any] {
        for _ in 0..<1000 {
            let message = try receiveJSON()
            if message["type"] as? String == type { return message }
        }
        throw Failure(description: "no \(type) message")
    }

    /// Reads without answering pings until the server closes; false if it is still open after 5 s.
    func drainUntilClosed() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            let count = Glibc.recv(socket, &chunk, chunk.count, 0)
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
            // A close frame from the server counts too.
            if chunk[0] & 0x0f == 0x8 { return true }
        }
        return false
    }

    /// Stays on the line for `seconds`, answering every ping as a browser does, and returns how many
    /// pings came. Throws if the server closes the connection meanwhile.
    func answerPings(for seconds: TimeInterval) throws -> Int {
        var time = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        defer {
            var restored = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &restored, socklen_t(MemoryLayout<timeval>.size))
        }
        var pings = 0
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = Glibc.recv(socket, &chunk, chunk.count, 0)
            if count == 0 { throw Failure(description: "connection closed by server after \(pings) pings") }
            if count < 0 {
                guard errno == EAGAIN || errno == EWOULDBLOCK else { throw Failure(description: "connection reset after \(pings) pings") }
                continue
            }
            buffer += chunk[0..<count]
            while let frame = takeBufferedFrame() {
                switch frame.opcode {
                case 0x8: throw Failure(description: "server sent close after \(pings) pings")
                case 0x9:
                    pings += 1
                    try sendFrame(opcode: 0xA, payload: frame.payload, fin: true)
                default: continue
                }
            }
        }
        return pings
    }

    /// One whole unmasked frame from the buffer, if it holds one.
    private func takeBufferedFrame() -> (opcode: UInt8, payload: [UInt8])? {
        guard buffer.count >= 2 else { return nil }
        var length = Int(buffer[1] & 0x7f)
        var offset = 2
        if length == 126 {
            guard buffer.count >= 4 else { return nil }
            length = Int(buffer[2]) << 8 | Int(buffer[3])
            offset = 4
        } else if length == 127 {
            guard buffer.count >= 10 else { return nil }
            length = buffer[2..<10].reduce(0) { $0 << 8 | Int($1) }
            offset = 10
        }
        guard buffer.count >= offset + length else { return nil }
        let frame = (buffer[0] & 0x0f, Array(buffer[offset..<(offset + length)]))
        buffer.removeFirst(offset + length)
        return frame
    }

    /// Authenticates and returns the welcome message.
    func hello(token: String) throws -> [String: Any] {
        try send(json: ["v": 1, "type": "hello", "token": token])
        return try receive(type: "welcome")
    }

    // MARK: Socket plumbing

    /// A TCP socket connected to 127.0.0.1:`port`, with send and receive timeouts.
    /// A socket connected to 127.0.0.1:`port`; `receiveBuffer` makes it a slow reader's small window.
    static func loopbackSocket(port: Int, timeout: TimeInterval, receiveBuffer: Int32? = nil) throws -> Int32 {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket() failed") }
        if var bytes = receiveBuffer { setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &bytes, socklen_t(MemoryLayout<Int32>.size)) }
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            Glibc.close(descriptor)
            throw Failure(description: "connect to 127.0.0.1:\(port) failed")
        }
        return descriptor
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(description: "send failed (connection closed?)") }
            offset += written
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = Glibc.recv(socket, &chunk, chunk.count, 0)
        guard count > 0 else { throw Failure(description: count == 0 ? "connection closed by server" : "receive timed out") }
        buffer += chunk[0..<count]
    }

    private func read(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        defer { buffer.removeFirst(count) }
        return Array(buffer[0..<count])
    }

    private func readUntilBlankLine() throws -> String {
        let marker: [UInt8] = [13, 10, 13, 10]
        while true {
            if let range = buffer.firstRange(of: marker) {
                let head = String(decoding: buffer[..<range.lowerBound], as: UTF8.self)
                buffer.removeFirst(range.upperBound)
                return head
            }
            try fill()
        }
    }
}
