import Foundation
import Testing

/// The admin API reads a request body only for a valid admin token, and only for so long.
@Suite(.serialized)
struct HTTPBodyTests {
    static func post(port: Int, authorization: String?, length: Int) -> String {
        var request = "POST /api/surveys HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(length)\r\n"
        if let authorization { request += "Authorization: \(authorization)\r\n" }
        return request + "\r\n"
    }

    @Test func aBodyWithoutAValidTokenIsRefusedBeforeItIsRead() throws {
        let server = try ServerProcess(demoRoster: 1)
        for authorization in [nil, "Bearer wrong"] {
            // Only the headers are sent; the 2 MiB body never comes.
            let head = try httpExchange(port: server.port, Self.post(port: server.port, authorization: authorization, length: 2 << 20), timeout: 3).head
            #expect(head.hasPrefix("HTTP/1.1 401"), "\(authorization ?? "no token") → \(head.prefix(40))")
        }
    }

    @Test func aBodyThatTricklesIsCutOff() throws {
        let server = try ServerProcess(demoRoster: 1, arguments: ["--handshake-timeout", "2"])
        let token = try String(contentsOfFile: server.dataDirectory + "/admin-token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let socket = try WebSocketTestClient.loopbackSocket(port: server.port, timeout: 1)
        defer { close(socket) }
        let head = Array(Self.post(port: server.port, authorization: "Bearer \(token)", length: 100).utf8)
        _ = send(socket, head, head.count, 0)
        let started = Date()
        var closed = false
        while Date().timeIntervalSince(started) < 8 && !closed {
            _ = send(socket, "{", 1, Int32(MSG_NOSIGNAL))
            var chunk = [UInt8](repeating: 0, count: 512)
            let count = recv(socket, &chunk, chunk.count, 0)
            closed = count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
        }
        #expect(closed, "a body sent a byte a second was still being read after 8 s")
    }

    @Test func theBearerSchemeIsCaseInsensitive() throws {
        let server = try ServerProcess(demoRoster: 1)
        let token = try String(contentsOfFile: server.dataDirectory + "/admin-token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        for scheme in ["Bearer", "bearer", "BEARER"] {
            let request = "GET /api/surveys HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(scheme) \(token)\r\nConnection: close\r\n\r\n"
            #expect(try httpExchange(port: server.port, request).head.hasPrefix("HTTP/1.1 200"), "\(scheme)")
        }
    }
}
