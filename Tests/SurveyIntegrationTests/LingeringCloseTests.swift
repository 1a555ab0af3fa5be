import Foundation
import Testing

/// A refusal reaches a client that is still sending: the server shuts down its side, drains what
/// arrives for a bounded time, then closes (as nginx's lingering close), so no reset discards it.
@Suite(.serialized)
struct LingeringCloseTests {
    /// Sends `head` and then `body` whole, as an HTTP client does before it reads the reply; then
    /// reads what came. Nil when a send failed: such a client reports an error, not the reply.
    static func sendWholeThenRead(port: Int, head: [UInt8], body: [UInt8]) throws -> [UInt8]? {
        let socket = try WebSocketTestClient.loopbackSocket(port: port, timeout: 3)
        defer { close(socket) }
        let bytes = head + body
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return nil }
            offset += sent
        }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            guard count > 0 else { return reply }
            reply += buffer.prefix(count)
        }
    }

    @Test func aTooLargeBodyIsAnsweredWith413WhileTheClientKeepsSending() throws {
        let server = try ServerProcess(demoRoster: 1)
        let token = try String(contentsOfFile: server.dataDirectory + "/admin-token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let head = Array(
            "POST /api/surveys HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\nContent-Length: \(8 << 20)\r\n\r\n"
                .utf8)
        let body = [UInt8](repeating: 0x20, count: 8 << 20)
        var seen = 0
        for _ in 0..<5 {
            let reply = try Self.sendWholeThenRead(port: server.port, head: head, body: body)
            if let reply, String(decoding: reply.prefix(12), as: UTF8.self) == "HTTP/1.1 413" { seen += 1 }
        }
        #expect(seen == 5, "the 413 arrived in \(seen) of 5 tries")
    }

    @Test func aRateLimitCloseArrivesWhileTheClientKeepsSending() throws {
        let server = try ServerProcess(demoRoster: 1, arguments: ["--messages-per-second", "0.05"])
        var closes = 0
        for _ in 0..<5 {
            let (client, _) = try server.supervisor(0)
            // Thousands more than the 50 that close the connection: they reach a server that has closed.
            for _ in 0..<3_000 {
                do { try client.send(json: ["v": 1, "type": "opened", "survey": "none", "version": 1]) } catch { break }
            }
            var code: Int?
            while code == nil, let frame = try? client.receive() {
                if case .close(let closed) = frame { code = closed }
            }
            if code == 1008 { closes += 1 }
        }
        #expect(closes == 5, "the 1008 close arrived in \(closes) of 5 tries")
    }
}
