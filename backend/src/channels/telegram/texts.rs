//! What the bot says, in Kazakh, Russian and English.

use crate::i18n::Language;

/// A phrase of the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrase {
    Welcome,
    ChooseSphere,
    ChooseCategory,
    ChooseService,
    Back,
    Describe,
    DescriptionTooLong,
    AskLocation,
    ShareLocation,
    Skip,
    AskPhoto,
    PhotoRequired,
    PhotoAdded,
    PhotosDone,
    TooManyPhotos,
    AskContact,
    ShareContact,
    NotYourContact,
    Confirm,
    Send,
    Cancel,
    Cancelled,
    Registered,
    NoAppeals,
    YourAppeals,
    Help,
    NotNow,
    PrivateOnly,
    Unavailable,
}

pub fn say(phrase: Phrase, language: Language) -> &'static str {
    use Language::{En, Kk, Ru};
    use Phrase::*;
    match (phrase, language) {
        (Welcome, Kk) => "Сәлеметсіз бе! Бұл қаланың 109 қызметі. Өтініш беру үшін санатты таңдаңыз.",
        (Welcome, Ru) => "Здравствуйте! Это служба 109 города. Чтобы подать обращение, выберите категорию.",
        (Welcome, En) => "Hello! This is the city's 109 service. To file an appeal, choose a category.",
        (ChooseSphere, Kk) => "Сала таңдаңыз:",
        (ChooseSphere, Ru) => "Выберите сферу:",
        (ChooseSphere, En) => "Choose an area:",
        (ChooseCategory, Kk) => "Санатты таңдаңыз:",
        (ChooseCategory, Ru) => "Выберите категорию:",
        (ChooseCategory, En) => "Choose a category:",
        (ChooseService, Kk) => "Мәселені таңдаңыз:",
        (ChooseService, Ru) => "Выберите проблему:",
        (ChooseService, En) => "Choose the problem:",
        (Back, Kk) => "« Артқа",
        (Back, Ru) => "« Назад",
        (Back, En) => "« Back",
        (Describe, Kk) => "Мәселені бір хабарламамен сипаттаңыз.",
        (Describe, Ru) => "Опишите проблему одним сообщением.",
        (Describe, En) => "Describe the problem in one message.",
        (DescriptionTooLong, Kk) => "Сипаттама тым ұзын: 4000 таңбадан аспасын.",
        (DescriptionTooLong, Ru) => "Описание слишком длинное: не более 4000 символов.",
        (DescriptionTooLong, En) => "The description is too long: 4000 characters at most.",
        (AskLocation, Kk) => "Орынды жіберіңіз (түйме) немесе мекенжайды жазыңыз.",
        (AskLocation, Ru) => "Отправьте геолокацию (кнопка) или напишите адрес.",
        (AskLocation, En) => "Send the location (button) or type the address.",
        (ShareLocation, Kk) => "📍 Орынды жіберу",
        (ShareLocation, Ru) => "📍 Отправить геолокацию",
        (ShareLocation, En) => "📍 Send location",
        (Skip, Kk) => "Өткізу",
        (Skip, Ru) => "Пропустить",
        (Skip, En) => "Skip",
        (AskPhoto, Kk) => "Фото жіберіңіз немесе «Өткізу» басыңыз.",
        (AskPhoto, Ru) => "Отправьте фото или нажмите «Пропустить».",
        (AskPhoto, En) => "Send a photo or press Skip.",
        (PhotoRequired, Kk) => "Бұл мәселе үшін фото қажет. Фото жіберіңіз.",
        (PhotoRequired, Ru) => "Для этой проблемы нужно фото. Отправьте фото.",
        (PhotoRequired, En) => "This problem needs a photo. Please send one.",
        (PhotoAdded, Kk) => "Фото қосылды. Тағы жіберіңіз немесе «Дайын» басыңыз.",
        (PhotoAdded, Ru) => "Фото добавлено. Отправьте ещё или нажмите «Готово».",
        (PhotoAdded, En) => "Photo added. Send another or press Done.",
        (PhotosDone, Kk) => "Дайын",
        (PhotosDone, Ru) => "Готово",
        (PhotosDone, En) => "Done",
        (TooManyPhotos, Kk) => "Ең көбі 5 фото.",
        (TooManyPhotos, Ru) => "Не более 5 фото.",
        (TooManyPhotos, En) => "5 photos at most.",
        (AskContact, Kk) => "Нәтиже туралы хабарлау үшін телефон нөміріңізбен бөлісіңіз (міндетті емес).",
        (AskContact, Ru) => "Поделитесь номером телефона, чтобы мы связались по результату (не обязательно).",
        (AskContact, En) => "Share your phone number so we can reach you about the result (optional).",
        (ShareContact, Kk) => "📞 Нөмірмен бөлісу",
        (ShareContact, Ru) => "📞 Поделиться номером",
        (ShareContact, En) => "📞 Share my number",
        (NotYourContact, Kk) => "Өз нөміріңізді түйме арқылы жіберіңіз.",
        (NotYourContact, Ru) => "Отправьте свой номер кнопкой.",
        (NotYourContact, En) => "Send your own number with the button.",
        (Confirm, Kk) => "Өтінішті тексеріңіз:",
        (Confirm, Ru) => "Проверьте обращение:",
        (Confirm, En) => "Check your appeal:",
        (Send, Kk) => "✅ Жіберу",
        (Send, Ru) => "✅ Отправить",
        (Send, En) => "✅ Send",
        (Cancel, Kk) => "✖ Болдырмау",
        (Cancel, Ru) => "✖ Отменить",
        (Cancel, En) => "✖ Cancel",
        (Cancelled, Kk) => "Болдырылмады. Жаңа өтініш: /new",
        (Cancelled, Ru) => "Отменено. Новое обращение: /new",
        (Cancelled, En) => "Cancelled. A new appeal: /new",
        (Registered, Kk) => "№ {number} өтініш қабылданды. Мерзімі: {due}. Өзгерістер туралы осында жазамыз.",
        (Registered, Ru) => "Обращение № {number} принято. Срок: {due}. Об изменениях напишем сюда.",
        (Registered, En) => "Appeal No. {number} is registered. Due: {due}. We will write here as it changes.",
        (NoAppeals, Kk) => "Бұл чаттан өтініш жоқ. Жаңа өтініш: /new",
        (NoAppeals, Ru) => "Из этого чата обращений нет. Новое обращение: /new",
        (NoAppeals, En) => "No appeals from this chat. A new appeal: /new",
        (YourAppeals, Kk) => "Сіздің өтініштеріңіз:",
        (YourAppeals, Ru) => "Ваши обращения:",
        (YourAppeals, En) => "Your appeals:",
        (Help, Kk) => "/new — жаңа өтініш, /status — өтініштерім, /language — тіл, /cancel — болдырмау.",
        (Help, Ru) => "/new — новое обращение, /status — мои обращения, /language — язык, /cancel — отменить.",
        (Help, En) => "/new — a new appeal, /status — my appeals, /language — language, /cancel — cancel.",
        (NotNow, Kk) => "Қазір мұны күтпеген едім. Түймелерді пайдаланыңыз немесе /help.",
        (NotNow, Ru) => "Сейчас я этого не ожидал. Используйте кнопки или /help.",
        (NotNow, En) => "I did not expect that now. Use the buttons or /help.",
        (PrivateOnly, Kk) => "Өтініштерді жеке чатта қабылдаймын.",
        (PrivateOnly, Ru) => "Обращения принимаю в личном чате.",
        (PrivateOnly, En) => "I take appeals in a private chat.",
        (Unavailable, Kk) => "Бұл мәселе енді қабылданбайды. Басқасын таңдаңыз: /new",
        (Unavailable, Ru) => "Эта проблема больше не принимается. Выберите другую: /new",
        (Unavailable, En) => "This problem is no longer taken. Choose another: /new",
    }
}

/// An appeal's status as residents read it.
pub fn status(status: &str, language: Language) -> &'static str {
    use Language::{En, Kk, Ru};
    match (status, language) {
        ("registered" | "assigned", Kk) => "тіркелді",
        ("registered" | "assigned", Ru) => "зарегистрировано",
        ("registered" | "assigned", En) => "registered",
        ("in_progress" | "reopened", Kk) => "орындалуда",
        ("in_progress" | "reopened", Ru) => "в работе",
        ("in_progress" | "reopened", En) => "in progress",
        ("resolved", Kk) => "орындалды",
        ("resolved", Ru) => "выполнено",
        ("resolved", En) => "resolved",
        ("closed", Kk) => "жабылды",
        ("closed", Ru) => "закрыто",
        ("closed", En) => "closed",
        ("rejected", Kk) => "қабылданбады",
        ("rejected", Ru) => "отклонено",
        ("rejected", En) => "rejected",
        (_, Kk) => "қаралуда",
        (_, Ru) => "на рассмотрении",
        (_, En) => "under review",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registration_message_names_the_number_in_every_language() {
        for language in Language::ALL {
            let text = say(Phrase::Registered, language);
            assert!(text.contains("{number}") && text.contains("{due}"), "{language:?}: {text}");
        }
    }
}
