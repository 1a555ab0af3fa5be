import ArgumentParser
import Foundation
import SurveyAPI
import SurveyCore
import SurveyFiles
import SurveySamples
import SurveyServer
import SurveyStore

/// `survey sample-data`: fills an empty data directory with the sample dataset, for demos and tests.
struct SampleData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample-data",
        abstract: "向空的数据目录写入演示数据：277 名演示监督员、年度问卷及其答卷、部分整改进展（均为演示数据）。")

    @Option(help: "数据目录（须为新目录或尚无名册）。") var data = "data"
    @Option(help: "数据库：默认为数据目录中的 SQLite 文件；或 postgres://用户@主机:端口/库名。") var store: String?
    @Option(help: "区（PostgreSQL 中的租户，如 dongli）。") var district: String?
    @Option(help: "年度问卷文件（默认：当前目录或安装目录下的 Surveys/annual-2022.yaml）。") var survey: String?

    func validate() throws {
        try StoreOptions.validate(store: store, district: district)
    }

    func run() throws {
        let survey = self.survey ?? InstallLocations.find("Surveys/annual-2022.yaml") ?? "Surveys/annual-2022.yaml"
        let annual: Survey
        do {
            annual = try SurveyFile.load(survey).0
        } catch {
            throw CommandFailure(error.description)
        }
        let directory = DataDirectory(path: data)
        try directory.create()
        let database = try directory.prepare(demoRosterSize: 0, store: store, district: district).database
        guard try database.roster().isEmpty else { throw CommandFailure("数据目录 \(data) 已有名册，演示数据只能写入新的数据目录。") }
        let now = Date()
        // The survey ran two months ago and the rows were raised when it had been answered; the staff
        // work on them followed over the weeks since (SampleDataset.staffSteps).
        let raisedAt = now.addingTimeInterval(-SampleDataset.raisedDaysAgo * 86_400)
        let sample = SampleDataset(survey: annual, start: raisedAt.addingTimeInterval(-278 * 600))
        let links = sample.supervisors.map { IssuedLink(supervisor: $0, token: TokenHasher.makeToken()) }
        try database.addSupervisors(links.map { ($0.supervisor, TokenHasher.hash($0.token)) }, at: now)
        try directory.writeLinks(links, baseURL: "http://127.0.0.1:8080", to: directory.demoLinksPath)
        let launchedAt = raisedAt.addingTimeInterval(-279 * 600)
        _ = try database.launch(annual, actor: "sample-data", at: launchedAt)
        // Each answer came as a real one does: pushed at the launch, received, opened before it was sent.
        let deliveries = sample.submissions.flatMap { record in
            [(DeliveryEvent.Kind.pushed, launchedAt), (.received, launchedAt.addingTimeInterval(5)), (.opened, record.receivedAt.addingTimeInterval(-300))]
                .map {
                    WriteItem.delivery(DeliveryEvent(supervisorID: record.supervisorID, survey: record.survey, version: record.version, kind: $0.0, at: $0.1))
                }
        }
        let result = database.write(deliveries + sample.submissions.map(WriteItem.submission), at: raisedAt)
        guard result.failed.isEmpty else { throw CommandFailure("写入答卷失败：\(result.failed.count) 份") }
        let items = try ReviewItemsLoader.load(
            yaml: SurveyFile.bytes(URL(fileURLWithPath: survey).deletingLastPathComponent().appendingPathComponent(SurveyFile.reviewItemsName).path),
            file: SurveyFile.reviewItemsName)
        // Counted once from the answers: the rows, the 回访's askees and the comments all come from it.
        let findings = try database.recomputeFindings()
        let rows = Register.build(
            tally: findings, stored: [], reviewItems: items, threshold: .standard,
            calendar: try SurveyFile.workCalendar(beside: survey))
        try database.addRectificationRows(rows, at: raisedAt)
        let raisers = findings.raised
        for step in SampleDataset.staffSteps(on: rows, reviewItems: items, at: now) {
            try database.saveRectificationRow(step.after, changes: step.changes, actor: "sample-data", at: step.at)
            // Marked rectified: the 回访 goes to those who raised the row, and they answer over the next days.
            guard let tally = step.after.followUp, step.after.status == .rectified, step.before.status != .rectified else { continue }
            let asked = (raisers[step.after.key] ?? []).sorted()
            try database.startFollowUp(FollowUpNotice(row: step.after, at: step.at), number: step.after.number, supervisors: asked, at: step.at)
            var answered = 0
            for (index, supervisor) in asked.enumerated() where answered < tally.answered {
                guard let verdict = SampleDataset.followUpVerdict(index) else { continue }
                let at = step.at.addingTimeInterval(Double(index % 3 + 1) * 86_400 / 2)
                answered += try database.answerFollowUp(number: step.after.number, supervisor: supervisor, verdict: verdict, comment: nil, at: at) ? 1 : 0
            }
        }
        // Office staff have approved the two most relevant comments on each concentrated problem.
        let chosen = Set(
            rows.filter { $0.kind == .concentrated }.flatMap {
                TypicalComments.pickIDs(findings.comments[$0.key] ?? [:], problem: $0.key.problem, limit: 2)
            })
        _ = try database.moderate(try database.comments().filter { chosen.contains($0.id) }, approve: true, actor: "sample-data", at: now)
        print("已写入演示数据：监督员 \(sample.supervisors.count) 名，答卷 \(result.committed.count) 份，整改清单 \(rows.count) 项。")
        let storeOptions = (store.map { " --store \(PostgresStore.redacted($0))" } ?? "") + (district.map { " --district \($0)" } ?? "")
        print("启动：\(CommandName.current) serve --data \(data)\(storeOptions)")
    }
}
