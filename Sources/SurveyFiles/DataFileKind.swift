import Foundation
import Yams

/// Which of the office's YAML files a file is: by its usual name, else by its top-level keys, so
/// that `survey check dongli-office.yaml` checks an office file as one.
public enum DataFileKind: Sendable, Equatable {
    case survey, reviewItems, holidays, office

    /// The kind of the file at `path` holding `bytes`. A file that cannot be read as YAML is taken
    /// for a questionnaire, whose loader then says what is wrong with it.
    public static func of(path: String, bytes: [UInt8]) -> DataFileKind {
        switch URL(fileURLWithPath: path).lastPathComponent {
        case ReviewItemsLoader.fileName: return .reviewItems
        case HolidayCalendarLoader.fileName: return .holidays
        case OfficeProfileLoader.fileName: return .office
        default: break
        }
        guard bytes.count <= SurveyLoader.maxFileBytes,
            case .mapping(let mapping)? = try? Yams.compose(yaml: String(decoding: ByteOrderMark.stripped(bytes), as: UTF8.self))
        else { return .survey }
        let keys = Set(mapping.keys.compactMap(\.string))
        if !keys.isDisjoint(with: NodeReader.surveyKeys) { return .survey }
        if keys.contains("items") { return .reviewItems }
        if keys.contains("years") { return .holidays }
        if !keys.isDisjoint(with: NodeReader.officeKeys) { return .office }
        return .survey
    }
}
