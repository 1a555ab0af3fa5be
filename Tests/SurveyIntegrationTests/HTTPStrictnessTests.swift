import Foundation
import Testing

/// The admin API's HTTP/1.1 where RFC 9112 is strict: a request whose length is in doubt is refused
/// with a reason, never served and never left hanging.
@Suite(.serialized)
struct HTTPStrictnessTests {
    /// Two different Content-Length headers: the body's end is in doubt (request smuggling), so 400
    /// (lws refuses it before the server sees the request).
    @Test func conflictingLengthsAreRefused() throws {
        let server = try ServerProcess(demoRoster: 1)
        let token = try server.adminToken()
        let request =
            "POST /api/selfcheck HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: 5\r\nContent-Length: 40\r\n\r\n"
            + "{\"a\":1}GET /api/surveys HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n"
        let reply = try httpExchange(port: server.port, request, timeout: 4)
        #expect(reply.head.hasPrefix("HTTP/1.1 400"), "\(reply.head) \(reply.body)")
        #expect(!reply.body.contains("HTTP/1.1 200"), "the request behind it is not served")
    }

    /// A chunked body is not read: 411, saying a length is needed, at once.
    @Test func aChunkedBodyIsAnsweredWithLengthRequired() throws {
        let server = try ServerProcess(demoRoster: 1)
        let token = try server.adminToken()
        let request =
            "POST /api/selfcheck HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "7\r\n{\"a\":1}\r\n0\r\n\r\n"
        let started = Date()
        let reply = try httpExchange(port: server.port, request, timeout: 8)
        #expect(reply.head.hasPrefix("HTTP/1.1 411") && reply.body.contains("Content-Length"), "\(reply.head) \(reply.body)")
        #expect(Date().timeIntervalSince(started) < 6)
    }
}
