// survey-loadgen: the receiving side of `make bench`'s fan-out scenario. A plain epoll loop of raw
// WebSocket clients that count payload bytes without parsing them, so that one load core is not
// the limit when the server under test (ours or a peer) pushes the same message to everyone.
//
// It connects N clients (optionally sending each a `hello` with a token from a links sheet, or a
// `watch` as a projector screen with --watch and --tokens), prints
// `{"ready":N}` once all are connected and greeted, then records when each has received
// --expect-bytes more payload bytes (or --expect-frames more messages), and prints the arrival
// times (Unix seconds) as JSON.
import Foundation
import Glibc
import LwsSupport
import SurveyCore
import SurveyFiles

struct Arguments {
    var port = 0
    var connections = 100
    var path = "/"
    var subprotocol: String?
    var links: String?
    /// Comma-separated tokens used in turn, instead of a links sheet.
    var tokens: String?
    /// Greet with `watch` for this survey (projector screens) instead of `hello`.
    var watch: String?
    var expectBytes = 1
    var expectFrames = 0
    var maxSeconds = 60.0
    var batch = 256

    init(_ words: [String]) {
        var iterator = words.makeIterator()
        while let word = iterator.next() {
            let value = iterator.next() ?? ""
            switch word {
            case "--port": port = Int(value) ?? 0
            case "--connections": connections = Int(value) ?? connections
            case "--path": path = value
            case "--protocol": subprotocol = value
            case "--links": links = value
            case "--tokens": tokens = value
            case "--watch": watch = value
            case "--expect-bytes": expectBytes = Int(value) ?? expectBytes
            case "--expect-frames": expectFrames = Int(value) ?? expectFrames
            case "--max-seconds": maxSeconds = Double(value) ?? maxSeconds
            case "--batch": batch = Int(value) ?? batch
            default: fail("unknown option \(word)")
            }
        }
        if port <= 0 { fail("--port is required") }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("survey-loadgen: " + message + "\n").utf8))
    exit(2)
}

let arguments = Arguments(Array(CommandLine.arguments.dropFirst()))
var tokens: [String] = []
if let links = arguments.links {
    guard let text = try? String(contentsOfFile: links, encoding: .utf8) else { fail("cannot read \(links)") }
    tokens = LinksCSV.tokens(in: text)
    if tokens.count < arguments.connections { fail("\(links) has \(tokens.count) tokens, fewer than \(arguments.connections)") }
} else if let list = arguments.tokens {
    tokens = list.split(separator: ",").map(String.init)
}
if arguments.watch != nil && tokens.isEmpty { fail("--watch needs --tokens or --links") }
raiseOpenFileLimit(to: arguments.connections + 64)
let arrivals = LoadGenerator(arguments: arguments, tokens: tokens).run()
let report: [String: Any] = [
    "connections": arguments.connections, "ready": arrivals.ready, "failed": arrivals.failed,
    "arrived": arrivals.times.count, "arrivals": arrivals.times, "bytes": arrivals.bytes,
]
print(String(decoding: try! JSONSerialization.data(withJSONObject: report), as: UTF8.self))
