import Foundation
import Testing

/// RFC 6455 and HTTP/1.1 as an outside client sees them: raw handshakes and raw frames.
@Suite(.serialized)
struct ConformanceTests {
    /// A WebSocket opening handshake with some of its parts replaced.
    static func handshake(
        port: Int, path: String = "/ws", version: String = "13", key: String? = "dGhlIHNhbXBsZSBub25jZQ==",
        origin: String? = nil, protocols: String? = nil
    ) -> String {
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Version: \(version)\r\n"
        if let key { request += "Sec-WebSocket-Key: \(key)\r\n" }
        if let origin { request += "Origin: \(origin)\r\n" }
        if let protocols { request += "Sec-WebSocket-Protocol: \(protocols)\r\n" }
        return request + "\r\n"
    }

    static func statusLine(_ head: String) -> String { String(head.prefix { $0 != "\r" }) }

    @Test func aFailedHandshakeGetsAnHTTPStatus() throws {
        let server = try ServerProcess(demoRoster: 1)
        let port = server.port
        let cases: [(request: String, status: String)] = [
            (Self.handshake(port: port, origin: "http://evil.example"), " 403"),
            (Self.handshake(port: port, key: nil), " 400"),
            (Self.handshake(port: port, key: "short"), " 400"),
            (Self.handshake(port: port, protocols: "chat, superchat"), " 400"),
            (Self.handshake(port: port, path: "/api/surveys"), " 404"),
            (Self.handshake(port: port, path: "/index.html"), " 404"),
        ]
        for (request, status) in cases {
            let head = try httpExchange(port: port, request).head
            #expect(Self.statusLine(head).contains(status), "\(request.prefix(60)) → \(Self.statusLine(head))")
        }
        let old = try httpExchange(port: port, Self.handshake(port: port, version: "8")).head
        #expect(Self.statusLine(old).contains(" 426"))
        #expect(old.lowercased().contains("sec-websocket-version: 13"))
        // The good handshake still works, with or without our subprotocol offered.
        let good = try httpExchange(port: port, Self.handshake(port: port, origin: "http://127.0.0.1:\(port)"), timeout: 0.5).head
        #expect(Self.statusLine(good).contains(" 101"))
        let named = try httpExchange(port: port, Self.handshake(port: port, protocols: "survey"), timeout: 0.5).head
        #expect(Self.statusLine(named).contains(" 101"))
    }

    /// HEAD is answered as GET is, without the body (RFC 9110 §9.3.2): monitors probe with it.
    @Test func headIsAnsweredLikeGetWithoutABody() throws {
        let server = try ServerProcess(demoRoster: 1)
        let token = try server.adminToken()
        for (path, authorization) in [("/healthz", ""), ("/metrics", ""), ("/api/surveys", "Authorization: Bearer \(token)\r\n")] {
            let get = try httpExchange(port: server.port, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(authorization)Connection: close\r\n\r\n")
            let head = try httpExchange(port: server.port, "HEAD \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(authorization)Connection: close\r\n\r\n")
            #expect(Self.statusLine(head.head) == Self.statusLine(get.head) && Self.statusLine(get.head).contains(" 200"), "\(path): \(head.head)")
            #expect(head.body.isEmpty && !get.body.isEmpty, "\(path)")
        }
    }

    @Test func anH2cUpgradeIsRefusedAndHTTP11Stays() throws {
        let server = try ServerProcess(demoRoster: 1)
        let request =
            "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
            + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n"
        let head = try httpExchange(port: server.port, request).head
        #expect(!Self.statusLine(head).contains(" 101"), "h2c must not be switched to: \(Self.statusLine(head))")
        #expect(Self.statusLine(head).hasPrefix("HTTP/1."))
        #expect(Self.statusLine(try httpGet(port: server.port, path: "/healthz").head).contains(" 200"))
    }

    @Test func invalidUTF8InATextMessageClosesWith1007() throws {
        let server = try ServerProcess(demoRoster: 1)
        let (client, _) = try server.supervisor(0)
        try client.sendFrame(opcode: 0x1, payload: [0x7b, 0xff, 0xfe, 0x7d], fin: true)
        #expect(try client.receive() == .close(code: 1007))
        // Split across fragments, a character cut in two is still valid.
        let (other, _) = try server.supervisor(0)
        let text = Array(#"{"v":1,"type":"opened","survey":"无","version":1}"#.utf8)
        let cut = text.firstIndex(of: 0xE6)! + 1
        try other.sendFrame(opcode: 0x1, payload: Array(text[..<cut]), fin: false)
        try other.sendFrame(opcode: 0x0, payload: Array(text[cut...]), fin: true)
        #expect(try other.receive(type: "error")["code"] as? String == "unknown_survey")
    }

    /// Replies whose payload is 106 to 136 bytes long cross both length encodings of RFC 6455 §5.2
    /// (7 bits up to 125, then 126 with a 16-bit length); 127 bytes is written as 126 and 0x007F,
    /// not as the 64-bit form. The test client once read it as the latter and hung.
    @Test func repliesAroundTheLengthEncodingBoundariesArrive() throws {
        let server = try ServerProcess(demoRoster: 1, arguments: ["--messages-per-second", "1000"])
        let (client, _) = try server.supervisor(0)
        for length in 0...30 {
            let survey = String(repeating: "x", count: length)
            try client.send(json: ["v": 1, "type": "received", "survey": survey, "version": 1])
            let reply = try client.receive(type: "error")
            #expect(reply["code"] as? String == "unknown_survey", "survey of \(length) letters")
            #expect((reply["message"] as? String)?.contains("“\(survey)”") == true)
        }
    }

    @Test func aBadClosePayloadGets1002() throws {
        let server = try ServerProcess(demoRoster: 1)
        for payload: [UInt8] in [[0x03], [0x03, 0xE8, 0xff, 0xfe]] {
            let (client, _) = try server.supervisor(0)
            try client.sendFrame(opcode: 0x8, payload: payload, fin: true)
            #expect(try client.receive() == .close(code: 1002), "close payload \(payload)")
        }
        let (client, _) = try server.supervisor(0)
        try client.sendFrame(opcode: 0x8, payload: [0x03, 0xE8] + Array("再见".utf8), fin: true)
        #expect(try client.receive() == .close(code: 1000))
    }

    @Test func binaryFramesCountTowardTheRateLimit() throws {
        let server = try ServerProcess(demoRoster: 1)
        let (client, _) = try server.supervisor(0)
        for _ in 0..<40 { try client.sendBinary([1]) }
        var codes: [String] = []
        for _ in 0..<40 { codes.append(try client.receive(type: "error")["code"] as? String ?? "") }
        #expect(codes.contains("rate_limited"))
    }
}
