import ArgumentParser
import SurveyServer

/// Tokens and link sheets: written owner-only to the file staff name, or shown on the screen once.
enum SecretOutput {
    /// Writes `text` to `file` (mode 0600) and prints `saved`; without a file prints `screen`.
    static func emit(_ text: String, to file: String?, saved: String, screen: String) throws {
        guard let file else {
            print(screen, terminator: "")
            return
        }
        do {
            try PrivateFile.write(text, to: file)
        } catch {
            throw CommandFailure(error.localizedDescription)  // names the file and the system's reason
        }
        print(saved)
    }
}
