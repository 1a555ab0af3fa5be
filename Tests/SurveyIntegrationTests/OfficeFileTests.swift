import Foundation
import Testing

/// The office file on the running server: its categories govern roster imports and audiences, its
/// names head the report, and categories already stored stay valid when the file changes.
@Suite(.serialized)
struct OfficeFileTests {
    static func officeYAML(categories: [String]) -> String {
        """
        district: 示例区
        office: 示例区政务服务办公室
        recipient: 示例区优化营商环境联席会议办公室
        categories: [\(categories.joined(separator: ", "))]
        review_items:
          R01: seed
        """
    }

    @Test func categoriesComeFromTheOfficeFileAndStoredOnesStayValid() throws {
        let office = FileManager.default.temporaryDirectory.appendingPathComponent("office-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: office, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: office) }
        let file = office + "/office.yaml"
        try Self.officeYAML(categories: ["民营企业", "外资企业", "律师"]).write(toFile: file, atomically: true, encoding: .utf8)
        let server = try ServerProcess(demoRoster: 0, arguments: ["--office", file])
        let roster = office + "/roster.csv"
        try "姓名,类别\n王一,民营企业\n赵二,外资企业\n钱三,律师\n".write(toFile: roster, atomically: true, encoding: .utf8)
        let imported = try server.cli("roster", "import", roster, "--links-out", office + "/links.csv")
        #expect(imported.status == 0, "\(imported.error)")
        try "姓名,类别\n孙四,媒体\n".write(toFile: roster, atomically: true, encoding: .utf8)
        let refused = try server.cli("roster", "import", roster)
        #expect(refused.status != 0 && refused.error.contains("第 2 行：类别“媒体”不在办公室文件（office.yaml）的类别中"), "\(refused.error)")
        // An audience by a category of the office file.
        let launch = try server.cli(
            "launch", ServerProcess.repositoryRoot.appendingPathComponent("Surveys/haocaiping-followup.yaml").path,
            "--to", "律师")
        #expect(launch.status == 0, "\(launch.error)")
        #expect(try server.cli("status", "haocaiping-followup").output.contains("律师\t1\t"))
        #expect(
            try server.cli(
                "launch", ServerProcess.repositoryRoot.appendingPathComponent("Surveys/haocaiping-followup.yaml").path,
                "--to", "媒体"
            ).error.contains("既不是监督员类别（民营企业、外资企业、律师）"))
        // The office drops a category: its supervisors keep it, in the roster and in the report.
        try Self.officeYAML(categories: ["民营企业", "律师"]).write(toFile: file, atomically: true, encoding: .utf8)
        server.stop()
        try server.start()
        #expect(try server.cli("roster", "list").output.contains("赵二\t外资企业"))
        let report = try server.cli("report", "--format", "md").output
        #expect(report.hasPrefix("# 示例区政务服务办公室关于优化营商环境工作情况的自查报告\n\n示例区优化营商环境联席会议办公室："))
        #expect(report.contains("外资企业0份（回收率0.0%）"), "\(report.prefix(600))")
        #expect(report.contains("（二）制定实施政策措施（待核定）"))
    }
}

/// What the office writes into the 自查报告, through the CLI, and refused input.
@Suite(.serialized)
struct SelfCheckTests {
    @Test func theOfficesOwnTextGoesIntoTheReport() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let text = server.dataDirectory + "/r05.txt"
        try "区司法局组织开展涉企行政执法案卷评查，平等保护各类市场主体。\n".write(toFile: text, atomically: true, encoding: .utf8)
        let set = try server.cli("selfcheck", "set", "R05", "--conclusion", "基本符合", "--text", text)
        #expect(set.status == 0 && set.output.contains("已保存 R05：基本符合"), "\(set.error)")
        #expect(try server.cli("selfcheck", "set", "causes", "--text", text).status == 0)
        #expect(try server.cli("selfcheck", "set", "R05", "--conclusion", "很好").error.contains("应为 符合、基本符合、不符合 或 不适用"))
        #expect(try server.cli("selfcheck", "set", "causes", "--conclusion", "符合").error.contains("自查结论只用于自查项"))
        #expect(try server.cli("selfcheck", "set", "R99", "--conclusion", "符合").error.contains("“R99”既不是自查项编号"))
        #expect(try server.cli("selfcheck", "list").output.contains("R05\t基本符合"))
        let report = try server.cli("report", "--format", "md").output
        #expect(report.contains("工作开展情况：区司法局组织开展涉企行政执法案卷评查") && report.contains("自查结论：基本符合。"))
        #expect(report.contains("原因分析：区司法局组织开展"))
        #expect(try server.cli("audit").output.contains("填写自查"))
    }
}
