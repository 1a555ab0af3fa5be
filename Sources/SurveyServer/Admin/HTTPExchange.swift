import Foundation

/// One admin API request in flight on the loop thread.
final class HTTPExchange {
    let wsi: OpaquePointer
    var request: HTTPRequest
    var body: [UInt8] = []
    /// Whether the response has been written.
    var answered = false
    /// When the whole body must have arrived (lws re-arms its own timeout on every byte).
    var bodyDeadline = Date.distantFuture
    /// The largest body this request may have.
    var bodyLimit = 0

    init(wsi: OpaquePointer, request: HTTPRequest) {
        self.wsi = wsi
        self.request = request
    }
}
