import ArgumentParser

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

    /// ArgumentParser's own entry point, except that a `CommandFailure` is printed in Chinese alone.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            printError("错误：\(failure.description)")
            exit(withError: ExitCode.failure)
        } catch {
            exit(withError: error)
        }
    }
}
