import ArgumentParser
import Foundation
import SurveyFiles
import SurveyReports
import SurveyServer
import SurveyStore

@main
struct SurveyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey",
        abstract: "营商环境监督员问卷平台：服务器与工作人员命令行。",
        subcommands: [
            Serve.self, Check.self, Launch.self, List.self, Status.self, Close.self, Remind.self, Export.self, Audit.self, Roster.self, Staff.self, Units.self,
            Rectify.self, SelfCheck.self, TextMessages.self, Report.self, Projector.self, Comments.self, Backup.self, Restore.self, SampleData.self,
            Simulate.self, CityReportCommand.self, CopyStore.self,
        ])

    /// ArgumentParser's own entry point, except that a command's failure, or one of this program's
    /// own errors (all described in Chinese), is printed as `错误：…` alone and exits 1, and
    /// ArgumentParser's own messages and help are put into Chinese.
    static func main() {
        if let topic = unknownHelpTopic(Array(CommandLine.arguments.dropFirst())) {
            printError("错误：没有名为“\(topic)”的命令\n用法：survey help <子命令>（survey --help 列出全部子命令）")
            exit(withError: ExitCode.validationFailure)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let errors as SurveyFileErrors {
            printError(errors.description)  // file:line:column: 错误：… each
            exit(withError: ExitCode.failure)
        } catch let error as ValidationError {
            // Thrown by a running command (the parser wraps those of `validate`): ArgumentParser
            // would add the top-level usage, which says nothing about this command's value.
            printError("错误：\(error.message)")
            exit(withError: ExitCode.validationFailure)
        } catch let error where Self.isOwn(error) {
            printError("错误：\(error)")
            exit(withError: ExitCode.failure)
        } catch {
            // ArgumentParser's messages and help, in Chinese; help to standard output, errors not.
            let code = exitCode(for: error)
            let text = ParserMessages.chinese(fullMessage(for: error), arguments: CommandLine.arguments.dropFirst())
            if code == .success { print(text) } else if !text.isEmpty { printError(text) }
            Foundation.exit(code.rawValue)
        }
    }

    /// The first word after `help` that names no command (ArgumentParser shows the top-level help for it).
    static func unknownHelpTopic(_ arguments: [String]) -> String? {
        guard arguments.first == "help" else { return nil }
        var command: any ParsableCommand.Type = Self.self
        for name in arguments.dropFirst() where !name.hasPrefix("-") {
            guard let next = command.configuration.subcommands.first(where: { $0._commandName == name || $0.configuration.aliases.contains(name) })
            else { return name }
            command = next
        }
        return nil
    }

    /// The errors this program describes in Chinese itself, as opposed to ArgumentParser's.
    static func isOwn(_ error: any Error) -> Bool {
        switch error {
        case is CommandFailure, is StoreError, is StoreCopyError, is BackupError, is SQLError, is DataDirectoryError, is ServerError,
            is PrivateFileError, is XLSXError:
            true
        default: false
        }
    }
}
