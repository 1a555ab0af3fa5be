/// The admin API's error body: a stable code, a message in Chinese, and details where there are some.
public struct APIError: Codable, Sendable, Equatable {
    public var code: AdminErrorCode
    public var message: String
    public var details: [String]?

    public init(code: AdminErrorCode, message: String, details: [String]? = nil) {
        self.code = code
        self.message = message
        self.details = details
    }
}
