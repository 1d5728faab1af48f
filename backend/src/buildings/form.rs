use crate::string_enum;

string_enum! {
    /// How a residential building is managed (the 2020 housing reform moves KSK buildings to OSI).
    ManagementForm {
        Ksk = "ksk",
        Osi = "osi",
        ManagementCompany = "management_company",
        AkimatManager = "akimat_manager",
    }
}
