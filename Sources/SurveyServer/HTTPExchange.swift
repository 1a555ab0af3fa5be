/// One admin API request in flight on the loop thread.
final class HTTPExchange {
    let wsi: OpaquePointer
    var request: HTTPRequest
    var body: [UInt8] = []
    /// The response whose body is still to be written.
    var response: HTTPResponse?

    init(wsi: OpaquePointer, request: HTTPRequest) {
        self.wsi = wsi
        self.request = request
    }
}
