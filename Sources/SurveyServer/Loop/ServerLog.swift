import Foundation
import SurveyCore

/// The server's log: timestamped lines on standard error (systemd's journal keeps them). Never a token.
public enum ServerLog {
    /// Logs a fault staff must act on.
    public static func error(_ message: String) {
        FileHandle.standardError.write(Data("\(Timestamp.string(Date())) 错误：\(message)\n".utf8))
    }
}
