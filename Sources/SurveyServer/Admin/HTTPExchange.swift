import Foundation

/// One admin API request in flight on the loop thread.
final class HTTPExchange {
    let id: UInt64
    let wsi: OpaquePointer
    var request: HTTPRequest
    var body: [UInt8] = []
    /// Whether the response has been written, or is being read off the loop thread.
    var answered = false
    /// When the whole body must have arrived (lws re-arms its own timeout on every byte).
    var bodyDeadline = Date.distantFuture
    /// The largest body this request may have.
    var bodyLimit = 0
    /// Refused while its body was still coming: what still arrives is read and dropped until the
    /// body ends or `bodyDeadline`, then the connection closes (a lingering close).
    var lingering = false
    /// Who an evidence upload counts against while its body arrives (see `ServerLoop.uploadsInFlight`).
    var uploadKey: String?
    /// A HEAD request: answered as its GET, without the body.
    var headOnly = false

    init(id: UInt64, wsi: OpaquePointer, request: HTTPRequest) {
        self.id = id
        self.wsi = wsi
        self.request = request
    }
}
