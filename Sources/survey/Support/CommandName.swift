import Foundation

/// How to name this program in a hint so that the command runs as printed: `survey` when that is
/// what the PATH finds, otherwise the path it was started by (`.build/debug/survey` before
/// `make install`).
enum CommandName {
    static let current: String = {
        let invoked = CommandLine.arguments.first ?? "survey"
        guard invoked.contains("/") else { return invoked }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let found = path.split(separator: ":").map { "\($0)/survey" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        if let found, resolved(found) == resolved(invoked) { return "survey" }
        return invoked
    }()

    private static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }
}
