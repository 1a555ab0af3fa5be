import ArgumentParser
import SurveyServer

/// Tokens and link sheets: written owner-only to the file staff name, or shown on the screen once.
enum SecretOutput {
    /// Writes `text` to `file` (mode 0600) and prints `saved`; without a file prints `screen`. When
    /// the file cannot be written, the error is printed and then `screen` (or `text`) all the same.
    static func emit(_ text: String, to file: String?, saved: String, screen: String) throws {
        guard let file else {
            print(screen, terminator: "")
            return
        }
        do {
            try PrivateFile.write(text, to: file)
        } catch {
            // The server has issued them already and keeps only their hashes: shown, not lost.
            printError("错误：\(error)")  // names the file and the system's reason
            printError("以下内容只显示这一次，未能写入文件，请立即复制保存：")
            print(screen.isEmpty ? text : screen, terminator: "")
            throw ExitCode.failure
        }
        print(saved)
    }
}
