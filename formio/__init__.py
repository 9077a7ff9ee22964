"""The paper form as data.

`casedata.CaseData` is the one in-memory shape of a filled "Formulário - Processo de
Retenção"; readers turn files into it, writers turn it into documents. Nothing in this
package touches the database or HTTP.
"""
