import SurveyCore

/// The admin API's error body: a stable code, a message in Chinese, and details where there are some.
public struct APIError: Codable, Sendable, Equatable {
    public var code: String
    public var message: String
    public var details: [String]?

    public init(code: String, message: String, details: [String]? = nil) {
        self.code = code
        self.message = message
        self.details = details
    }
}
