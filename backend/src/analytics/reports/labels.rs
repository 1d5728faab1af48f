//! The words of the reports in Kazakh, Russian and English.

use crate::i18n::Language;

/// The label of a report word; the key itself when it has none (a programming error the report
/// test would show).
pub fn label(language: Language, key: &str) -> String {
    let (kk, ru, en) = match key {
        "weekly" => ("Апталық есеп", "Еженедельный отчёт", "Weekly report"),
        "quarterly" => ("Тоқсандық есеп", "Квартальный отчёт", "Quarterly report"),
        "summary" => ("Қорытынды", "Итоги", "Summary"),
        "metric" => ("Көрсеткіш", "Показатель", "Figure"),
        "this_period" => ("Осы кезең", "Этот период", "This period"),
        "previous" => ("Алдыңғы кезең", "Предыдущий период", "Previous period"),
        "change" => ("Өзгеріс, %", "Изменение, %", "Change, %"),
        "year_before" => ("Бір жыл бұрын", "Год назад", "A year before"),
        "year_change" => ("Жылдық өзгеріс, %", "К прошлому году, %", "Year on year, %"),
        "received" => ("Түскен өтініштер", "Поступило обращений", "Appeals received"),
        "first_call" => ("Бірінші қоңырауда шешілді", "Решено при первом звонке", "Resolved at first call"),
        "first_call_share" => ("Бірінші қоңырау үлесі", "Доля решённых при первом звонке", "First-call share"),
        "incidents" => ("Оқиғалар", "Инциденты", "Incidents"),
        "resolved_on_time" => ("Мерзімінде шешілді", "Решено в срок", "Resolved on time"),
        "resolved_late" => ("Мерзімі өтіп шешілді", "Решено с опозданием", "Resolved late"),
        "on_time_share" => ("Мерзімінде үлесі", "Доля в срок", "On-time share"),
        "open_overdue" => ("Ашық, мерзімі өткен", "Открыто с просрочкой", "Open and overdue"),
        "reopened" => ("Қайта ашылды", "Открыто повторно", "Reopened"),
        "reopen_rate" => ("Қайта ашылу үлесі", "Доля повторно открытых", "Reopen rate"),
        "average_rating" => ("Орташа баға", "Средняя оценка", "Average rating"),
        "median_hours" => ("Шешу уақытының медианасы, сағ", "Медиана времени решения, ч", "Median hours to resolve"),
        "p90_hours" => {
            ("Шешу уақыты, 90-процентиль, сағ", "Время решения, 90-й процентиль, ч", "90th percentile hours to resolve")
        }
        "digital_share" => ("Цифрлық арналар үлесі", "Доля цифровых каналов", "Digital share"),
        "spheres" => ("Салалар", "Сферы", "Spheres"),
        "categories" => ("Санаттар", "Категории", "Categories"),
        "name" => ("Атауы", "Название", "Name"),
        "share" => ("Үлесі", "Доля", "Share"),
        "channels" => ("Арналар", "Каналы", "Channels"),
        "channel" => ("Арна", "Канал", "Channel"),
        "volumes" => ("Көлем", "Объёмы", "Volumes"),
        "start" => ("Басы", "Начало", "From"),
        "end" => ("Соңы", "Конец", "To"),
        "organizations" => ("Орындау бақылауы", "Контроль исполнения", "Control of execution"),
        "organization" => ("Ұйым", "Организация", "Organization"),
        "kind" => ("Түрі", "Вид", "Kind"),
        "unrouted" => ("Ұйымға берілмеген", "Без организации", "No organization yet"),
        "streets" => ("Көшелер", "Улицы", "Streets"),
        "street" => ("Көше", "Улица", "Street"),
        "buildings" => ("Үйлер", "Дома", "Buildings"),
        "chronic" => ("Созылмалы мекенжайлар", "Хронические адреса", "Chronic addresses"),
        "address" => ("Мекенжай", "Адрес", "Address"),
        "category" => ("Санат", "Категория", "Category"),
        "quarters_hit" => ("Тоқсандар саны", "Кварталов с обращениями", "Quarters with appeals"),
        "total" => ("Барлығы", "Всего", "Total"),
        _ => return key.to_owned(),
    };
    match language {
        Language::Kk => kk,
        Language::Ru => ru,
        Language::En => en,
    }
    .to_owned()
}

/// A channel's name.
pub fn channel(language: Language, code: &str) -> String {
    let (kk, ru, en) = match code {
        "phone" => ("Телефон 109", "Телефон 109", "Phone 109"),
        "telegram" => ("Telegram", "Telegram", "Telegram"),
        "web" => ("Сайт", "Сайт", "Website"),
        "mobile" => ("Мобильді қосымша", "Мобильное приложение", "Mobile app"),
        "email" => ("Электрондық пошта", "Электронная почта", "E-mail"),
        "facebook" => ("Facebook", "Facebook", "Facebook"),
        "instagram" => ("Instagram", "Instagram", "Instagram"),
        "whatsapp" => ("WhatsApp", "WhatsApp", "WhatsApp"),
        "camera" => ("Қала камералары", "Городские камеры", "City cameras"),
        "walk_in" => ("Жеке келу", "Личный приём", "Walk-in"),
        "open311" => ("Open311", "Open311", "Open311"),
        other => return other.to_owned(),
    };
    match language {
        Language::Kk => kk,
        Language::Ru => ru,
        Language::En => en,
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_of_a_report_has_three_languages() {
        for key in ["weekly", "received", "first_call", "year_change", "chronic", "unrouted"] {
            for language in Language::ALL {
                assert_ne!(label(language, key), key, "{key} in {language:?}");
            }
        }
        assert_eq!(channel(Language::Ru, "walk_in"), "Личный приём");
    }
}
