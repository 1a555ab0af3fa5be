import Foundation
import SurveyFiles

/// The city office's summary over its districts (read-only): one line per district and the totals,
/// in Markdown for reading and CSV for Excel.
public enum CityReport {
    static let columns = ["区", "监督员", "参与人数", "参与率", "答卷", "整改台账", "已整改", "其中已销号", "未完成", "逾期未完成", "整改率"]

    static func cells(_ summary: DistrictSummary) -> [String] {
        [
            summary.district, String(summary.supervisors), String(summary.respondents),
            ReportRenderer.rate(summary.respondents, of: summary.supervisors), String(summary.submissions), String(summary.rows),
            String(summary.signedOff + summary.rectified), String(summary.signedOff), String(summary.open), String(summary.overdue),
            ReportRenderer.rate(summary.signedOff + summary.rectified, of: summary.rows),
        ]
    }

    static func lines(_ districts: [DistrictSummary]) -> [[String]] {
        districts.map(cells) + [cells(DistrictSummary.total(districts))]
    }

    /// A Markdown table with a title and the date it was read.
    public static func markdown(_ districts: [DistrictSummary], title: String, on day: String) -> String {
        var text = "# \(title)\n\n数据截至 \(day)，各区数据只读汇总。\n\n"
        text += "| " + columns.joined(separator: " | ") + " |\n|" + columns.map { _ in "---" }.joined(separator: "|") + "|\n"
        for line in lines(districts) { text += "| " + line.joined(separator: " | ") + " |\n" }
        return text
    }

    /// CSV: UTF-8 with a BOM, CRLF, for Excel on Chinese Windows.
    public static func csv(_ districts: [DistrictSummary]) -> String {
        "\u{FEFF}" + ([columns] + lines(districts)).map { $0.map(LinksCSV.escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}
