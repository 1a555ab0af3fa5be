import Foundation
import SurveyAPI
import SurveyCore

/// An admin API request, read by the transport.
public struct HTTPRequest: Sendable {
    public var method: String
    public var path: String
    /// Query arguments in order, decoded: `("to", "民营企业")`.
    public var query: [(name: String, value: String)]
    /// The `Authorization` header, if any.
    public var authorization: String?
    public var body: [UInt8]

    public init(
        method: String, path: String, query: [(name: String, value: String)] = [], authorization: String? = nil, body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.authorization = authorization
        self.body = body
    }

    /// The first value of a query argument.
    public func query(_ name: String) -> String? { query.first { $0.name == name }?.value }

    /// Every value of a repeated query argument.
    public func queryValues(_ name: String) -> [String] { query.filter { $0.name == name }.map(\.value) }
}

/// An admin API response: JSON, but for the Prometheus metrics.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var body: [UInt8]
    public var contentType: String
    /// Further headers by lowercase name (`content-disposition`), sent after the common ones.
    public var headers: [String: String] = [:]

    public init(status: Int, body: [UInt8], contentType: String = "application/json; charset=utf-8") {
        self.status = status
        self.body = body
        self.contentType = contentType
    }

    /// A file to be saved, not shown: `Content-Disposition: attachment` with an ASCII stand-in and
    /// the real name percent-encoded (RFC 6266), so no browser renders it as a page.
    public static func attachment(_ body: [UInt8], contentType: String, name: String, fallback: String) -> HTTPResponse {
        var response = HTTPResponse(status: 200, body: body, contentType: contentType)
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-_"))) ?? fallback
        response.headers["content-disposition"] = "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
        return response
    }

    /// A JSON response.
    public static func json<T: Encodable>(_ value: T, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, body: CanonicalJSON.bytes(value))
    }

    /// An error as `{code, message}`, plus details where there are some.
    public static func error(_ code: AdminErrorCode, _ message: String, details: [String]? = nil) -> HTTPResponse {
        json(APIError(code: code, message: message, details: details), status: code.status)
    }
}

/// A refusal travels as the failure of a `Result` until it is answered.
extension HTTPResponse: Error {}
