package io.userbound.records.soql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SoqlExceptionTest {

    @Test
    void whenFieldDoesNotExistThenInvalidFieldUsesSalesforceWording() {
        String soql = "SELECT Id, Foo FROM Account";
        SoqlException e = SoqlException.invalidField(soql, soql.indexOf("Foo"), "Foo", "Account");
        assertThat(e.errorCode()).isEqualTo(SoqlErrorCode.INVALID_FIELD);
        assertThat(e.getMessage()).isEqualTo("\nSELECT Id, Foo FROM Account\n           ^\nERROR at Row:1:Column:12\n"
                + "No such column 'Foo' on entity 'Account'. If you are attempting to use a custom field, be sure to"
                + " append the '__c' after the custom field name. Please reference your WSDL or the describe call for"
                + " the appropriate names.");
    }

    @Test
    void whenObjectDoesNotExistThenInvalidTypeUsesSalesforceWording() {
        String soql = "SELECT Id\nFROM Acount";
        SoqlException e = SoqlException.invalidType(soql, soql.indexOf("Acount"), "Acount");
        assertThat(e.errorCode()).isEqualTo(SoqlErrorCode.INVALID_TYPE);
        assertThat(e.row()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(6);
        assertThat(e.getMessage()).isEqualTo("\nFROM Acount\n     ^\nERROR at Row:2:Column:6\n"
                + "sObject type 'Acount' is not supported. If you are attempting to use a custom object, be sure to"
                + " append the '__c' after the entity name. Please reference your WSDL or the describe call for the"
                + " appropriate names.");
    }

    @Test
    void whenOffsetIsOutsideTheTextThenItIsClampedToTheText() {
        SoqlException past = SoqlException.at(SoqlErrorCode.MALFORMED_QUERY, "SELECT", 99, "d");
        assertThat(past.column()).isEqualTo(7);
        assertThat(past.offset()).isEqualTo(6);
        SoqlException before = SoqlException.at(SoqlErrorCode.MALFORMED_QUERY, "SELECT", -3, "d");
        assertThat(before.column()).isEqualTo(1);
        assertThat(before.getMessage()).isEqualTo("\nSELECT\n^\nERROR at Row:1:Column:1\nd");
    }

    @Test
    void whenOffsetIsAtTheStartOfALaterLineThenRowAndColumnFollowNewlines() {
        SoqlException e = SoqlException.at(SoqlErrorCode.MALFORMED_QUERY, "a\r\nb\n\ncd", 7, "x");
        assertThat(e.row()).isEqualTo(4);
        assertThat(e.column()).isEqualTo(2);
        assertThat(e.getMessage()).startsWith("\ncd\n ^\nERROR at Row:4:Column:2\n");
    }
}
