import Foundation
import Testing

/// The admin API's HTTP/1.1 where RFC 9112 is strict: a request whose length is in doubt is refused
/// with a reason, never served and never left hanging.
@Suite(.serialized)
struct HTTPStrictnessTests {
    /// A GET of `path` with the admin token, the connection's last when `last`.
    func get(_ path: String, _ token: String, last: Bool = false) -> String {
        "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n" + (last ? "Connection: close\r\n" : "") + "\r\n"
    }

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

    /// Every answer says `Connection: close` and is its connection's last: requests pipelined
    /// behind it are not served (lws 4.1 lost an answer read off the loop, ran a request twice, and
    /// spun for good on a pipelined POST's body), and the server goes on serving everyone else.
    @Test func requestsPipelinedBehindAnAnswerAreNotServed() throws {
        let server = try ServerProcess(demoRoster: 1)
        let token = try server.adminToken()
        let json = "{\"key\":\"plans\",\"text\":\"x\"}"
        let post =
            "POST /api/selfcheck HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(json.utf8.count)\r\n\r\n\(json)"
        for request in [get("/api/surveys", token) + get("/healthz", token) + post, get("/healthz", token) + post, post + post] {
            let started = Date()
            let reply = try httpExchange(port: server.port, request, timeout: 8)
            let answers = (reply.head + "\r\n\r\n" + reply.body).components(separatedBy: "HTTP/1.1 ").dropFirst()
            #expect(answers.count == 1 && reply.head.lowercased().contains("connection: close"), "\(answers)")
            #expect(Date().timeIntervalSince(started) < 2, "closed at once, not after a timeout")
            #expect(try httpGet(port: server.port, path: "/healthz").head.hasPrefix("HTTP/1.1 200"), "the server still serves")
        }
        let stored = try httpExchange(port: server.port, get("/api/selfcheck", token), timeout: 5).body
        #expect(stored.components(separatedBy: "\"plans\"").count - 1 == 1, "the first POST of the last pair stored once, the pipelined ones never: \(stored)")
    }

    /// A response larger than one write says `Connection: close` and is its connection's last: the
    /// request pipelined behind it is not served, and the first is not run again (lws 4.1 would
    /// parse the next request against the first one's headers while the rest is still going out).
    @Test func aLargeResponseEndsItsConnection() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let token = try server.adminToken()
        let started = Date()
        let reply = try httpExchange(port: server.port, get("/api/rectify", token) + get("/healthz", token, last: true), timeout: 8)
        let length = reply.head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }.flatMap {
            Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces))
        }
        #expect((length ?? 0) > 16 * 1024 && reply.body.utf8.count == length, "the whole body and nothing after it: \(reply.head)")
        #expect(reply.head.lowercased().contains("connection: close"))
        #expect(!reply.body.contains("HTTP/1.1"))
        #expect(Date().timeIntervalSince(started) < 5, "closed once sent, not after a timeout")
    }

    /// A large download to a slow reader is sent whole, although it takes longer than the five
    /// seconds lws gives a closing connection to send what it holds.
    @Test func aSlowReaderGetsALargeDownloadWhole() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let token = try server.adminToken()
        let pdf =
            Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%".utf8) + [UInt8](repeating: 120, count: 8 << 20)
            + Array("\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
        let upload = try httpExchange(
            port: server.port,
            "POST /api/rectify/2/evidence?name=big.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n"
                + "Content-Length: \(pdf.count)\r\n\r\n" + String(decoding: pdf, as: UTF8.self), timeout: 30)
        let sha = try #require(upload.body.firstMatch(of: /"sha256":"([0-9a-f]{64})"/)?.1, "\(upload.head) \(upload.body.prefix(300))")
        let socket = try WebSocketTestClient.loopbackSocket(port: server.port, timeout: 20, receiveBuffer: 8192)
        defer { close(socket) }
        let request = Array("GET /api/evidence/\(sha) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n".utf8)
        _ = send(socket, request, request.count, 0)
        // Read at 1 MB a second: over eight seconds for the file.
        let started = Date()
        var received = 0
        var chunk = [UInt8](repeating: 0, count: 65536)
        // Until the headers and the whole body are in (or the server closes).
        let headers = 400
        while received < headers + pdf.count {
            let count = recv(socket, &chunk, chunk.count, 0)
            if count <= 0 { break }
            received += count
            let due = Double(received) / 1_000_000 - Date().timeIntervalSince(started)
            if due > 0 { Thread.sleep(forTimeInterval: due) }
        }
        #expect(Date().timeIntervalSince(started) > 6, "slower than lws's five-second flush before a close")
        #expect(received > pdf.count + 200, "the whole file and its headers: \(received) of \(pdf.count) bytes")
    }

    /// A `CONNECT` (lws 4.1 hands it over as a raw socket, and kept it open for good) is 405 and
    /// closed at once: the server is no proxy.
    @Test func connectIsRefusedAndClosed() throws {
        let server = try ServerProcess(demoRoster: 1)
        let started = Date()
        let reply = try httpExchange(port: server.port, "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n", timeout: 10)
        #expect(reply.head.hasPrefix("HTTP/1.1 405") && reply.body.contains("method_not_allowed"), "\(reply.head) \(reply.body)")
        #expect(Date().timeIntervalSince(started) < 2)
    }

    /// A header folded onto a second line (obs-fold, which lws 4.1 never completes as a request)
    /// is never served, and its connection closes after the header timeout.
    @Test func aFoldedHeaderIsNeverServed() throws {
        let server = try ServerProcess(demoRoster: 1, arguments: ["--handshake-timeout", "2"])
        let token = try server.adminToken()
        let started = Date()
        let reply = try httpExchange(
            port: server.port, "GET /api/surveys HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nX-Note: 1\r\n folded\r\n\r\n",
            timeout: 10)
        #expect(!reply.head.contains("200"), "\(reply.head)")
        #expect(Date().timeIntervalSince(started) < 6, "closed after the 2 s header timeout")
    }
}
